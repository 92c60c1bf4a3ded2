#!/bin/sh
# Regenerates Sources/LookoutIngest/OTLP/Generated (OpenTelemetry) and
# Sources/LookoutIngest/Loki/Generated (Loki push) from the .proto subsets in Protos/.
#
# Needs protoc and protoc-gen-swift at the version of swift-protobuf in Package.resolved:
#   apt-get install -y protobuf-compiler          # protoc (3.21 on Debian 12 is enough)
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   git -C /tmp/swift-protobuf checkout 1.39.0
#   (cd /tmp/swift-protobuf && swift build -c release --product protoc-gen-swift)
# then run from anywhere:
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift scripts/generate-protos.sh
#
# The generated types are internal: LookoutIngest's public API speaks SpanRecord, not
# protobuf. The output is run through swift-format so `swift format lint` passes on Sources.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
plugin=${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}
if [ -z "$plugin" ] || [ ! -x "$plugin" ]; then
  echo "protoc-gen-swift not found: set PROTOC_GEN_SWIFT (see the comment at the top)" >&2
  exit 1
fi
command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }

out="$root/Sources/LookoutIngest/OTLP/Generated"
rm -rf "$out"
mkdir -p "$out"
cd "$root/Protos"
protoc \
  --plugin=protoc-gen-swift="$plugin" \
  --swift_out="$out" \
  --swift_opt=Visibility=Internal \
  --swift_opt=FileNaming=DropPath \
  $(find opentelemetry -name '*.proto' | sort)
swift format -i --configuration "$root/.swift-format" "$out"/*.swift
echo "generated: $(ls "$out" | tr '\n' ' ')"

# Loki's push request (google/protobuf/timestamp.proto comes with protoc and SwiftProtobuf).
loki="$root/Sources/LookoutIngest/Loki/Generated"
rm -rf "$loki"
mkdir -p "$loki"
protoc \
  --plugin=protoc-gen-swift="$plugin" \
  --swift_out="$loki" \
  --swift_opt=Visibility=Internal \
  --swift_opt=FileNaming=DropPath \
  loki/push.proto
swift format -i --configuration "$root/.swift-format" "$loki"/*.swift
echo "generated: $(ls "$loki" | tr '\n' ' ')"
