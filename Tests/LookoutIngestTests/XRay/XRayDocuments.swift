/// Hand-written X-Ray documents for the decoder and assembler tests.
enum XRayDocuments {
  static let traceXRay = "1-5f84c7a1-1234567890abcdef12345678"
  static let traceHex = "5f84c7a11234567890abcdef12345678"

  /// A whole segment: an API call with an SQL query, a remote HTTP call inside a local
  /// subsegment, a DynamoDB call, annotations, metadata and a fault with an exception.
  static let orderSegment = #"""
    {
      "trace_id": "1-5f84c7a1-1234567890ABCDEF12345678",
      "id": "70de5b6f19ff9a0a",
      "name": "orders-api",
      "origin": "AWS::ECS::Container",
      "user": "alice",
      "start_time": 1602537377.5,
      "end_time": 1602537377.812345,
      "fault": true,
      "service": { "version": "1.4.2" },
      "http": {
        "request": {
          "method": "post", "url": "https://api.example.com/orders/42?debug=1",
          "user_agent": "curl/8.5.0", "client_ip": "203.0.113.7", "x_forwarded_for": true
        },
        "response": { "status": 500, "content_length": 87 }
      },
      "aws": { "elastic_beanstalk": { "environment_name": "prod-eu" } },
      "annotations": { "tier": "gold", "items": 3, "retry": false },
      "metadata": { "default": { "cart": { "sku": ["A1", "B2"] } }, "debug": { "n": 1 } },
      "cause": {
        "working_directory": "/app",
        "exceptions": [
          {
            "id": "e1", "type": "KeyError", "message": "'sku'", "remote": false,
            "stack": [
              { "path": "app/orders.py", "line": 42, "label": "create" },
              { "path": "app/views.py", "line": 7, "label": "post" }
            ]
          }
        ]
      },
      "subsegments": [
        {
          "id": "a1b2c3d4e5f60001",
          "name": "shop@db.internal",
          "namespace": "remote",
          "start_time": 1602537377.51,
          "end_time": 1602537377.53,
          "sql": {
            "url": "postgresql://db.internal:5432/shop",
            "database_type": "PostgreSQL", "database_version": "16.2",
            "driver_version": "psycopg2 2.9.9", "user": "app",
            "sanitized_query": "SELECT * FROM orders WHERE id = $1"
          }
        },
        {
          "id": "a1b2c3d4e5f60002",
          "name": "charge",
          "start_time": 1602537377.54,
          "end_time": 1602537377.7,
          "subsegments": [
            {
              "id": "a1b2c3d4e5f60003",
              "name": "payments.example",
              "namespace": "remote",
              "start_time": 1602537377.55,
              "end_time": 1602537377.69,
              "error": true,
              "throttle": true,
              "http": {
                "request": { "method": "POST", "url": "https://payments.example:8443/charge" },
                "response": { "status": 429 }
              }
            }
          ]
        },
        {
          "id": "a1b2c3d4e5f60004",
          "name": "DynamoDB",
          "namespace": "aws",
          "start_time": 1602537377.71,
          "end_time": 1602537377.8,
          "aws": {
            "operation": "PutItem", "region": "eu-west-1", "table_name": "orders",
            "request_id": "R2D2", "retries": 1, "resource_names": ["orders"]
          }
        }
      ]
    }
    """#

  /// A datagram: the header and a document.
  static func datagram(_ document: String, header: String = #"{"format":"json","version":1}"#)
    -> [UInt8]
  {
    Array((header + "\n" + document).utf8)
  }

  /// A minimal segment of `service`.
  static func segment(
    id: String, name: String = "web", parent: String? = nil, start: String = "100",
    end: String? = "101", subsegments: [String] = []
  ) -> String {
    var fields = [
      #""trace_id":"\#(traceXRay)""#, #""id":"\#(id)""#, #""name":"\#(name)""#,
      #""start_time":\#(start)"#,
    ]
    if let parent { fields.append(#""parent_id":"\#(parent)""#) }
    if let end {
      fields.append(#""end_time":\#(end)"#)
    } else {
      fields.append(#""in_progress":true"#)
    }
    if !subsegments.isEmpty {
      fields.append(#""subsegments":[\#(subsegments.joined(separator: ","))]"#)
    }
    return "{" + fields.joined(separator: ",") + "}"
  }

  /// A nested subsegment (no trace id, no type).
  static func nested(
    id: String, name: String = "work", end: String? = "100.5", subsegments: [String] = []
  )
    -> String
  {
    var fields = [#""id":"\#(id)""#, #""name":"\#(name)""#, #""start_time":100.25"#]
    if let end {
      fields.append(#""end_time":\#(end)"#)
    } else {
      fields.append(#""in_progress":true"#)
    }
    if !subsegments.isEmpty {
      fields.append(#""subsegments":[\#(subsegments.joined(separator: ","))]"#)
    }
    return "{" + fields.joined(separator: ",") + "}"
  }

  /// A standalone subsegment, streamed ahead of its segment.
  static func standalone(
    id: String, parent: String, name: String = "step", end: String? = "100.5",
    subsegments: [String] = []
  ) -> String {
    var fields = [
      #""type":"subsegment""#, #""trace_id":"\#(traceXRay)""#, #""id":"\#(id)""#,
      #""parent_id":"\#(parent)""#, #""name":"\#(name)""#, #""start_time":100.25"#,
    ]
    if let end {
      fields.append(#""end_time":\#(end)"#)
    } else {
      fields.append(#""in_progress":true"#)
    }
    if !subsegments.isEmpty {
      fields.append(#""subsegments":[\#(subsegments.joined(separator: ","))]"#)
    }
    return "{" + fields.joined(separator: ",") + "}"
  }
}
