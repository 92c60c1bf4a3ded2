import Hummingbird

/// `/healthz` (alive), `/readyz` (stores open, migrations done) and `/metrics`.
struct HealthRoutes {
  let runtime: LookoutRuntime

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/healthz") { _, _ in "ok\n" }
    router.get("/readyz") { _, _ -> Response in
      let ready = runtime.isReady
      return Response(
        status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
        body: .init(byteBuffer: ByteBuffer(string: ready ? "ready\n" : "starting\n")))
    }
    router.get("/metrics") { _, _ -> Response in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: LookoutMetrics.exposition())))
    }
  }
}
