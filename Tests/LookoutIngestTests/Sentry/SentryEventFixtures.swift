/// Event payloads written by hand after what sentry-python 2.x sends (`capture_exception`
/// in a Django view, with `__context__` chaining), and the transactions it sends for the
/// same request.
enum SentryEventFixtures {
  /// A Django error: a `KeyError` raised while handling another, as sentry-python 2.19
  /// serialises it (the chain oldest first, `exception_id`/`parent_id` in the mechanism).
  static let pythonDjangoError = #"""
    {
      "level": "error",
      "exception": {
        "values": [
          {
            "module": null,
            "type": "KeyError",
            "value": "'user_id'",
            "mechanism": {"type": "chained", "handled": true, "source": "__context__",
                          "exception_id": 1, "parent_id": 0},
            "stacktrace": {
              "frames": [
                {
                  "filename": "shop/orders/services.py",
                  "abs_path": "/srv/shop/orders/services.py",
                  "function": "load_user",
                  "module": "shop.orders.services",
                  "lineno": 41,
                  "pre_context": ["", "def load_user(session):", "    try:"],
                  "context_line": "        return USERS[session[\"user_id\"]]",
                  "post_context": ["    except KeyError:", "        raise LookupError(\"no user\")"],
                  "vars": {"session": "{}"},
                  "in_app": true
                }
              ]
            }
          },
          {
            "module": null,
            "type": "LookupError",
            "value": "no user",
            "mechanism": {"type": "django", "handled": false, "exception_id": 0},
            "stacktrace": {
              "frames": [
                {
                  "filename": "django/core/handlers/base.py",
                  "abs_path": "/venv/lib/python3.12/site-packages/django/core/handlers/base.py",
                  "function": "_get_response",
                  "module": "django.core.handlers.base",
                  "lineno": 197,
                  "pre_context": ["", "        if response is None:"],
                  "context_line": "            response = wrapped_callback(request, *callback_args)",
                  "post_context": ["            except Exception as e:"],
                  "vars": {"request": "<WSGIRequest: GET '/orders/17'>", "callback_args": []},
                  "in_app": false
                },
                {
                  "filename": "shop/orders/views.py",
                  "abs_path": "/srv/shop/orders/views.py",
                  "function": "order_detail",
                  "module": "shop.orders.views",
                  "lineno": 18,
                  "pre_context": ["@login_required", "def order_detail(request, order_id):"],
                  "context_line": "    user = load_user(request.session)",
                  "post_context": [],
                  "in_app": true
                },
                {
                  "filename": "shop/orders/services.py",
                  "abs_path": "/srv/shop/orders/services.py",
                  "function": "load_user",
                  "module": "shop.orders.services",
                  "lineno": 43,
                  "context_line": "        raise LookupError(\"no user\")",
                  "in_app": true
                }
              ]
            }
          }
        ]
      },
      "event_id": "fc6d8c0c43fc4630ad850ee518f1b9d0",
      "timestamp": "2024-06-05T12:30:45.123456Z",
      "contexts": {
        "trace": {"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7",
                  "parent_span_id": null, "op": "http.server", "status": "internal_error",
                  "dynamic_sampling_context": {"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}},
        "runtime": {"name": "CPython", "version": "3.12.3",
                    "build": "3.12.3 (main, Apr 10 2024, 05:33:47) [GCC 13.2.0]"}
      },
      "breadcrumbs": {
        "values": [
          {"ty": "log", "level": "info", "category": "django.server",
           "message": "\"GET /orders/16 HTTP/1.1\" 200 512",
           "timestamp": "2024-06-05T12:30:44.900000Z", "data": {}, "type": "default"},
          {"type": "default", "category": "query", "message": "SELECT \"auth_user\".\"id\" FROM \"auth_user\"",
           "timestamp": "2024-06-05T12:30:45.050000Z", "data": {}}
        ]
      },
      "transaction": "/orders/{order_id}",
      "transaction_info": {"source": "route"},
      "request": {
        "url": "http://shop.example/orders/17",
        "query_string": "",
        "method": "GET",
        "env": {"SERVER_NAME": "web-1", "SERVER_PORT": "8000"},
        "headers": {"Host": "shop.example", "User-Agent": "curl/8.5.0", "Accept": "*/*"}
      },
      "user": {"id": 4711, "username": "ada", "email": "ada@example.com",
               "ip_address": "203.0.113.7"},
      "tags": {"customer_tier": "gold", "retry": 2, "beta": true},
      "extra": {"sys.argv": ["manage.py", "runserver"]},
      "modules": {"django": "5.0.6", "sentry-sdk": "2.19.2"},
      "release": "shop@1.4.2",
      "environment": "staging",
      "server_name": "web-1",
      "fingerprint": ["{{ default }}", "orders", 7],
      "sdk": {"name": "sentry.python.django", "version": "2.19.2",
              "packages": [{"name": "pypi:sentry-sdk", "version": "2.19.2"}],
              "integrations": ["django", "logging", "stdlib"]},
      "platform": "python"
    }
    """#

  /// The `transaction` item for a request: the root (`http.server`), a database span and
  /// an outgoing HTTP call under it that failed.
  static let pythonTransaction = #"""
    {
      "type": "transaction",
      "event_id": "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
      "platform": "python",
      "transaction": "/orders/{order_id}",
      "transaction_info": {"source": "route"},
      "start_timestamp": "2024-06-05T12:30:45.000000Z",
      "timestamp": "2024-06-05T12:30:45.250000Z",
      "contexts": {
        "trace": {"trace_id": "4BF92F3577B34DA6A3CE929D0E0E4736", "span_id": "00f067aa0ba902b7",
                  "parent_span_id": "a1b2c3d4e5f60718", "op": "http.server", "status": "ok",
                  "origin": "auto.http.django", "data": {"thread.name": "MainThread"}},
        "runtime": {"name": "CPython", "version": "3.12.3"}
      },
      "spans": [
        {
          "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
          "span_id": "b2c3d4e5f6071829",
          "parent_span_id": "00f067aa0ba902b7",
          "same_process_as_parent": true,
          "op": "db",
          "description": "SELECT * FROM orders WHERE id = %s",
          "start_timestamp": 1717590645.010,
          "timestamp": 1717590645.060,
          "origin": "auto.db.django",
          "data": {"db.system": "postgresql", "db.name": "shop", "db.rows": 1, "db.cached": false},
          "tags": {"cache": "miss"}
        },
        {
          "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
          "span_id": "c3d4e5f607182930",
          "parent_span_id": "b2c3d4e5f6071829",
          "op": "http.client",
          "description": "GET https://payments.example/charge",
          "start_timestamp": "2024-06-05T12:30:45.100000Z",
          "timestamp": "2024-06-05T12:30:45.200000Z",
          "status": "internal_error",
          "data": {"http.method": "GET", "http.response.status_code": 500,
                   "url": "https://payments.example/charge"}
        }
      ],
      "request": {"url": "http://shop.example/orders/17", "method": "get"},
      "tags": {"region": "eu"},
      "release": "shop@1.4.2",
      "environment": "staging",
      "server_name": "web-1",
      "sdk": {"name": "sentry.python.django", "version": "2.19.2"}
    }
    """#
}
