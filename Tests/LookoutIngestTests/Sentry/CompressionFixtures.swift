import Foundation

/// Compressed fixtures, generated once with Python 3.11 (`gzip`, `zlib`, `brotli` 1.2):
/// ``document`` compressed each way, a brotli bomb, and a store body.
enum CompressionFixtures {
  /// The 5251-byte JSON every stream decompresses to; the same text Python built:
  /// `'{"items":[' + ",".join('{"index":%d,"name":"item-%d","ok":true}' % (i, i) for i in
  /// range(130)) + ']}'`.
  static let document: [UInt8] = Array(
    (#"{"items":["#
      + (0..<130).map { #"{"index":\#($0),"name":"item-\#($0)","ok":true}"# }
      .joined(separator: ",") + "]}").utf8)

  /// `gzip.compress(document, mtime=0)`.
  static let gzip = decode([
    "H4sIAAAAAAACA3XYPWocQRgG4btMvIb++r/3KsaBwRsIIQlsGQxCdzc4MEz1VLxv1A+z0zUfx9P74+XXcf/6",
    "cTy9/nj8Oe7pdrx+f3kc938/fUnH7Xh7Pu7vP38/Pm//V3FexfUqn1f5elXOq3K9qudVvV6186pdr/p51a9X",
    "47wa16t5Xs3r1TqvlpwqDj/s9Hn8cv4BgBCBAEGIQQAhRCHAEOIQgAiRCFCEWAQwQjQCHCEeGR5ZPDI8sj0P",
    "fCDEI8Mji0eGRxaPDI8sHhkeWTwyPLJ4ZHhk8cjwyOJR4FHEo8CjiEeBR7F/KP5FiUeBRxGPAo8iHgUeRTwK",
    "PIp4FHgU8SjwKOJR4VHFo8KjikeFRxWPCo9q7wy+NMSjwqOKR4VHFY8KjyoeFR5VPCo8qng0eDTxaPBo4tHg",
    "0cSjwaOJR4NHs7c4X+Pi0eDRxKPBo4lHg0cTjwaPJh4dHl08Ojy6eHR4dPHo8Oji0eHRxaPDo9u9ihcr8ejw",
    "6OLR4dHFo8Oji8eAxxCPAY8hHgMeQzwGPIZ4DHgM8RjwGOIx4DHspsurrngMeAzxGPAY4jHhMcVjwmOKx4TH",
    "FI8JjykeEx5TPCY8pnhMeEzxmPCY1h6MD/GY8JjiseCxxGPBY4nHgscSjwWPJR4LHks8FjyWeCx4LPFY8Fji",
    "seCxrAaZg9qDWxBaESYmYbImTIzCZFWYmIXJujAxDJOVYWIaJmvDxDhMVoeJeZisDxMDMVkhJiZiMqMt2r3a",
    "t2w3oy3ctdy3dNd23+Jd633Ld+33LeC14LeE14bfIl4rfst46/hgyIeVfDDlI+u3le3jihkx58N6Phj0YUUf",
    "TPqwpg9GfVjVB7M+rOuDYR9W9sG0j3Pbf/v8C+C8H4uDFAAA",
  ])

  /// `zlib.compress(document, 9)`: zlib-wrapped deflate.
  static let zlib = decode([
    "eNp12D1qHEEYBuG7TLyG/vq/9yrGgcEbCCEJbBkMQnc3ODBM9VS8b9QPs9M1H8fT++Pl13H/+nE8vf54/Dnu",
    "6Xa8fn95HPd/P31Jx+14ez7u7z9/Pz5v/1dxXsX1Kp9X+XpVzqtyvarnVb1etfOqXa/6edWvV+O8GtereV7N",
    "69U6r5acKg4/7PR5/HL+AYAQgQBBiEEAIUQhwBDiEIAIkQhQhFgEMEI0AhwhHhkeWTwyPLI9D3wgxCPDI4tH",
    "hkcWjwyPLB4ZHlk8MjyyeGR4ZPHI8MjiUeBRxKPAo4hHgUexfyj+RYlHgUcRjwKPIh4FHkU8CjyKeBR4FPEo",
    "8CjiUeFRxaPCo4pHhUcVjwqPau8MvjTEo8KjikeFRxWPCo8qHhUeVTwqPKp4NHg08WjwaOLR4NHEo8GjiUeD",
    "R7O3OF/j4tHg0cSjwaOJR4NHE48GjyYeHR5dPDo8unh0eHTx6PDo4tHh0cWjw6PbvYoXK/Ho8Oji0eHRxaPD",
    "o4vHgMcQjwGPIR4DHkM8BjyGeAx4DPEY8BjiMeAx7KbLq654DHgM8RjwGOIx4THFY8JjiseExxSPCY8pHhMe",
    "UzwmPKZ4THhM8ZjwmNYejA/xmPCY4rHgscRjwWOJx4LHEo8FjyUeCx5LPBY8lngseCzxWPBY4rHgsawGmYPa",
    "g1sQWhEmJmGyJkyMwmRVmJiFybowMQyTlWFiGiZrw8Q4TFaHiXmYrA8TAzFZISYmYjKjLdq92rdsN6Mt3LXc",
    "t3TXdt/iXet9y3ft9y3gteC3hNeG3yJeK37LeOv4YMiHlXww5SPrt5Xt44oZMefDej4Y9GFFH0z6sKYPRn1Y",
    "1QezPqzrg2EfVvbBtI9z23/7/AtGl0Ff",
  ])

  /// `zlib.compressobj(9, zlib.DEFLATED, -15)`: raw deflate, no header.
  static let rawDeflate = decode([
    "ddg9ahxBGAbhu0y8hv76v/cqxoHBGwghCWwZDEJ3NzgwTPVUvG/UD7PTNR/H0/vj5ddx//pxPL3+ePw57ul2",
    "vH5/eRz3fz99ScfteHs+7u8/fz8+b/9XcV7F9SqfV/l6Vc6rcr2q51W9XrXzql2v+nnVr1fjvBrXq3lezevV",
    "Oq+WnCoOP+z0efxy/gGAEIEAQYhBACFEIcAQ4hCACJEIUIRYBDBCNAIcIR4ZHlk8MjyyPQ98IMQjwyOLR4ZH",
    "Fo8MjyweGR5ZPDI8snhkeGTxyPDI4lHgUcSjwKOIR4FHsX8o/kWJR4FHEY8CjyIeBR5FPAo8ingUeBTxKPAo",
    "4lHhUcWjwqOKR4VHFY8Kj2rvDL40xKPCo4pHhUcVjwqPKh4VHlU8KjyqeDR4NPFo8Gji0eDRxKPBo4lHg0ez",
    "tzhf4+LR4NHEo8GjiUeDRxOPBo8mHh0eXTw6PLp4dHh08ejw6OLR4dHFo8Oj272KFyvx6PDo4tHh0cWjw6OL",
    "x4DHEI8BjyEeAx5DPAY8hngMeAzxGPAY4jHgMeymy6uueAx4DPEY8BjiMeExxWPCY4rHhMcUjwmPKR4THlM8",
    "JjymeEx4TPGY8JjWHowP8ZjwmOKx4LHEY8FjiceCxxKPBY8lHgseSzwWPJZ4LHgs8VjwWOKx4LGsBpmD2oNb",
    "EFoRJiZhsiZMjMJkVZiYhcm6MDEMk5VhYhoma8PEOExWh4l5mKwPEwMxWSEmJmIyoy3avdq3bDejLdy13Ld0",
    "13bf4l3rfct37fct4LXgt4TXht8iXit+y3jr+GDIh5V8MOUj67eV7eOKGTHnw3o+GPRhRR9M+rCmD0Z9WNUH",
    "sz6s64NhH1b2wbSPc9t/+/wL",
  ])

  /// `brotli.compress(document)`.
  static let brotli = decode([
    "G4IUwCwKbFvU7n7hLVYi022GUovstfQ16ZT8uZBbGcSttbdi6Qod/klOdO7Lp8sxtVDwDWy4DEfLwEOWXhK7",
    "7MrU0x/tQ32Ml+B19bw47+sAAWAgFAQHIyHo0Jgw2LC4cD9Q/INCKBALpSK5WClRl9aU0ZbVhRtYG5ZQIBZK",
    "RXKxUqIurSmjLasLN6g2KqFALJSK5GKlRF1aU0ZbVhducG1cQoFYKBXJxUqJurSmjLasLtyQ2qSEArFQKpKL",
    "lRJ1aU0ZbVlduKFr0yUUiIVSkVyslKhLa8poy+rCDVObKaFALJSK5GKlRF1aU0ZbVhdu2NpsCQVioVQkFysl",
    "6tKaMtqyunDD1eZKKBALpSK5WClRl9aU0ZbVffYG3/NV9YgEMpFKopOZFHZqThpuWl65CbVCEQlkIpVEJzMp",
    "7NScNNy0vHITa8UiEshEKolOZlLYqTlpuGl5hzsf",
  ])

  /// `brotli.compress(b"\\0" * (200 << 20), quality=5)`: 317 bytes that inflate to 200 MiB.
  static let brotliBomb = decode([
    "y///PwAkAOKxQHLv//j//weABEAcFoDu/R////8AkACIwwLQvf/j//8fABIAcVgAuvd//P//A0ACIA4LQPf+",
    "j///fwBIAMRhAeje//H//w8ACYA4LADd+z/+//8BIAEQhwWge//H//8/ACQA4rAAdO//+P//B4AEQBwWgO79",
    "H////wCQAIjDAtC9/+P//x8AEgBxWAC693/8//8DQAIgDgtA9/6P//9/AEgAxGEB6N7/8f//DwAJgDgsAN37",
    "P/7//wEgARCHBaB7/8f//z8AJADisAB07//4//8HgARAHBaA7v0f////AJAAiMMC0L3/4///HwASAHFYALr3",
    "f/z//wNAAiAOC0D3/o///38ASADEYQHo3v/x//8PAAmAOCwA3fs//v//ASABEIcFoHv/x///PwAkAOKwAHTv",
    "/wY=",
  ])

  /// `base64.b64encode(zlib.compress(storeJSON))`, as raven clients posted to /store/: the base64 text itself.
  static let storeBody = Array(
    [
      "eJwNjM0OwiAQBl+l2bOH/lC1voxZ2A9sQqEBoiHGd3evM5P5Et5I7bkLPUiMW+zMkx+xGdxlczd75dUbLDK7",
      "ydKFDtTKARpHBHZ9qC0XDDZLVxt1FtV9uKQ9BSVn5OZzORSevb1yot8fV4El2Q==",
    ].joined().utf8)

  /// The JSON inside ``storeBody``.
  static let storeJSON = Array(
    (#"{"event_id":"d4c3b2a1f0e94e8d9c7b6a5f4e3d2c1b","message":"legacy store body","#
      + #""level":"warning","platform":"python"}"#).utf8)

  private static func decode(_ base64: [String]) -> [UInt8] {
    Array(Data(base64Encoded: base64.joined())!)
  }
}
