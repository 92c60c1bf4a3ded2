#!/usr/bin/env python3
"""Real slow-query logs from real database servers running a known workload.

Usage: slowlog_workload.py mariadb|postgres OUTDIR

Starts a private MariaDB (Debian's mariadbd) or PostgreSQL 15 server in a temporary
directory, listening on 127.0.0.1 (a free port) and a unix socket only, as a non-root
user when run as root, that logs every statement (MariaDB: slow log, long_query_time=0;
PostgreSQL: log_min_duration_statement=0 to stderr, csvlog and jsonlog). It loads a small
schema with logging off, runs a known workload as user `app` through PyMySQL or psycopg 3,
stops the server so the logs are flushed, moves them into OUTDIR and writes
OUTDIR/truth.json: the log files, each statement shape with its call count, protocol and
one example text as sent (PostgreSQL: also pg_stat_statements for user `app`).
It counts the entries in the log against the truth and exits non-zero with a message on
any failure or after 55 s; the servers' stderr is kept in OUTDIR/*-server.stderr.

The Swift slow-query digest tests run it, feed the logs to Lookout and compare the
digest's classes, counts and timings with truth.json. Needs: pip PyMySQL psycopg[binary];
apt mariadb-server (PostgreSQL 15 comes with the machine, else apt postgresql).
"""
import ctypes, glob, json, os, pwd, random, re, shutil, signal, socket, subprocess, sys, tempfile, time


LIMIT = 55  # seconds for the whole run, servers included


def fail(message):
    raise SystemExit("slowlog_workload: " + message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_user(preferred):
    """Servers refuse to run as root: then run them as the engine's own account (or nobody)."""
    if os.geteuid() != 0:
        return {}
    for name in (preferred, "nobody"):
        try:
            pw = pwd.getpwnam(name)
            return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
        except KeyError:
            pass
    fail("running as root and neither %s nor nobody exists" % preferred)


def spawn(cmd, who, log, wait=False):
    """Starts cmd with stdout+stderr appended to log; the server gets SIGTERM if we die."""
    def die_with_parent():
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG, after the uid switch
    with open(log, "ab") as err:
        proc = subprocess.Popen(cmd, stdout=err, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=die_with_parent, **who)
    if wait:
        try:
            proc.wait(30)
        except BaseException as e:  # timeout, watchdog, ^C: end its children (mariadbd --bootstrap) too
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if isinstance(e, subprocess.TimeoutExpired):
                fail("%s took longer than 30 s, see %s" % (cmd[0], log))
            raise
        if proc.returncode:
            fail("%s failed (exit %d), see %s" % (os.path.basename(cmd[0]), proc.returncode, log))
    return proc


def wait_ready(proc, connect, log, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            tail = open(log, errors="replace").read()[-2000:]
            fail("server exited with %d; end of %s:\n%s" % (proc.returncode, log, tail))
        try:
            return connect()
        except Exception as e:  # not accepting connections yet
            if time.monotonic() > deadline:
                fail("server not ready after %d s: %s (see %s)" % (timeout, e, log))
            time.sleep(0.2)


def stop(proc, sig):
    if proc.poll() is None:
        proc.send_signal(sig)  # MariaDB: SIGTERM; PostgreSQL: SIGINT, a fast shutdown
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            fail("server did not stop within 20 s: killed it")


def q(s):  # a standard SQL string literal: it's -> 'it''s'
    return "'" + s.replace("'", "''") + "'"


SCHEMA = """CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200) NOT NULL)
CREATE INDEX users_name ON users (name)
CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL, status VARCHAR(20) NOT NULL, total NUMERIC(10,2) NOT NULL)
CREATE INDEX orders_user ON orders (user_id)
CREATE TABLE items (id {auto} PRIMARY KEY, order_id INT NOT NULL, sku VARCHAR(32) NOT NULL, qty INT NOT NULL)
CREATE INDEX items_order ON items (order_id)
CREATE TABLE events_2024 (id {auto} PRIMARY KEY, kind VARCHAR(20) NOT NULL, payload TEXT)
CREATE TABLE events_2025 (id {auto} PRIMARY KEY, kind VARCHAR(20) NOT NULL, payload TEXT)"""
NAMES = ["O'Brien", "it's", "テスト太郎", "Zoë Ångström"]
KINDS = ["login", "logout", "signup", "purchase"]
STATUSES = ["new", "paid", "shipped"]


def setup_sql(engine):
    """Schema and ~15,000 rows, in 8 DDL statements and 32 multi-row INSERTs (not logged)."""
    out = SCHEMA.format(auto="INT AUTO_INCREMENT" if engine == "mariadb" else "SERIAL").split("\n")
    name = lambda i: NAMES[i % 8] if i % 8 < len(NAMES) else "user %d" % i
    rows = {"users (id, name, email)": ["(%d, %s, 'user%d@example.com')" % (i, q(name(i)), i) for i in range(1, 2001)],
            "orders (id, user_id, status, total)": ["(%d, %d, '%s', %d.%02d)" % (i, i % 2000 + 1, STATUSES[i % 3], i % 500, i % 100) for i in range(1, 5001)],
            "items (order_id, sku, qty)": ["(%d, 'SKU-%d', %d)" % (i % 5000 + 1, i % 97, i % 7 + 1) for i in range(1, 6001)],
            "events_2024 (kind, payload)": ["(%s, 'e%d')" % (q(KINDS[i % 4]), i) for i in range(1000)],
            "events_2025 (kind, payload)": ["(%s, 'e%d')" % (q(KINDS[i % 4]), i) for i in range(1000)]}
    for table, values in rows.items():
        out += ["INSERT INTO %s VALUES %s" % (table, ", ".join(values[k:k + 500])) for k in range(0, len(values), 500)]
    return out


def shapes(engine):
    """The workload: [name, calls, make(i) -> (sql, params), protocol]; literals vary with i."""
    from pymysql.converters import escape_string
    my = engine == "mariadb"
    by_name = (lambda s: "'" + escape_string(s) + "'") if my else q  # MariaDB: 'O\'Brien'
    report = """SELECT u.name, COUNT(o.id) AS orders, SUM(o.total) AS revenue
FROM users u
  JOIN orders o ON o.user_id = u.id
WHERE o.status = 'new' AND u.id < %d -- top customers
GROUP BY u.name
ORDER BY revenue DESC
LIMIT 10"""
    text = lambda f: (lambda i: (f(i), None))
    s = [["user_by_id", 120, text(lambda i: "SELECT id, name, email FROM users WHERE id = %d" % (i * 7 % 2000 + 1))],
         ["user_by_name", 30, text(lambda i: "SELECT id, email FROM users WHERE name = " + by_name(NAMES[i % 4]))],
         ["orders_in_list", 25, text(lambda i: "SELECT id, total FROM orders WHERE id IN (%s)" % ", ".join(str(i * 13 + k) for k in range(1 + i % 9)))],
         ["items_insert_multirow", 12, text(lambda i: "INSERT INTO items (order_id, sku, qty) VALUES " + ", ".join("(%d, 'NEW-%d', %d)" % (i + 1, k, k + 1) for k in range(1 + i % 5)))],
         ["order_ship", 40, text(lambda i: "UPDATE orders SET status = 'shipped' WHERE id = %d" % (i * 31 % 5000 + 1))],
         ["items_delete", 9, text(lambda i: "DELETE FROM items WHERE order_id = %d AND qty > %d" % (i * 101 + 7, i % 4))],
         ["revenue_report_multiline", 7, text(lambda i: report % (100 * (i + 1)))],
         ["dashboard_count_commented", 11, text(lambda i: "/* app=dashboard route=/home */ SELECT COUNT(*) FROM orders WHERE status = 'new' AND user_id > %d" % i)],
         ["events_2024_by_kind", 15, text(lambda i: "SELECT COUNT(*) FROM events_2024 WHERE kind = " + q(KINDS[i % 4]))],
         ["events_2025_by_kind", 6, text(lambda i: "SELECT COUNT(*) FROM events_2025 WHERE kind = " + q(KINDS[i % 4]))],
         ["events_2025_insert", 20, text(lambda i: "INSERT INTO events_2025 (kind, payload) VALUES ('signup', %s)" % q("テスト #%d it's" % i))],
         ["users_email_like", 18, text(lambda i: "SELECT id FROM users WHERE email LIKE 'user%d%%' LIMIT 5" % (i + 1))],
         ["sleep", 3, text(lambda i: "SELECT SLEEP(0.2)" if my else "SELECT pg_sleep(0.2)")]]
    if my:  # PyMySQL sends every statement as text
        s += [["orders_by_user", 50, text(lambda i: "SELECT id, status, total FROM orders WHERE user_id = %d AND status = %s" % (i + 1, q(STATUSES[i % 3])))],
              ["order_total", 33, text(lambda i: "SELECT SUM(total) FROM orders WHERE user_id = %d" % (i * 3 + 1))],
              ["prepare_item_count", 1, text(lambda i: "PREPARE item_count FROM 'SELECT COUNT(*) FROM items WHERE order_id = ?'")],
              ["execute_item_count", 8, text(lambda i: "EXECUTE item_count USING %d" % (i * 11 + 1))]]
    else:  # extended protocol: the unnamed statement with parameters, and a named prepared one
        s += [["orders_by_user", 50, lambda i: ("SELECT id, status, total FROM orders WHERE user_id = %s AND status = %s", (i + 1, STATUSES[i % 3])), "extended"],
              ["order_total", 33, lambda i: ("SELECT SUM(total) FROM orders WHERE user_id = %s", (i * 3 + 1,)), "prepared"],
              ["prepare_item_count", 1, text(lambda i: "PREPARE item_count(int) AS SELECT COUNT(*) FROM items WHERE order_id = $1")],
              ["execute_item_count", 8, text(lambda i: "EXECUTE item_count(%d)" % (i * 11 + 1))]]
    return [x if len(x) == 4 else x + ["simple"] for x in s]


def run_workload(engine, execute):
    """Runs each shape its number of times, interleaved in a fixed shuffled order (PREPARE first)."""
    table = shapes(engine)
    order = [(k, i) for k, t in enumerate(table) for i in range(t[1]) if t[0] != "prepare_item_count"]
    random.Random(2024).shuffle(order)
    prepare = [(k, 0) for k, t in enumerate(table) if t[0] == "prepare_item_count"]
    seen = {}
    for k, i in prepare + order:
        name, calls, make, protocol = table[k]
        sql, params = make(i)
        t0 = time.monotonic()
        sent = execute(sql, params, protocol)
        elapsed = time.monotonic() - t0
        shape = seen.setdefault(name, {"name": name, "calls": calls, "protocol": protocol, "example": sent,
                                       "params_example": list(params) if params else None, "texts": set(), "client_time_s": 0.0})
        shape["texts"].add(sent + repr(params))
        shape["client_time_s"] += elapsed
        if name == "sleep":
            shape["min_query_time_s"] = 0.2
    for shape in seen.values():
        shape["distinct_texts"] = len(shape.pop("texts"))
        shape["client_time_s"] = round(shape["client_time_s"], 6)
    return [seen[t[0]] for t in table]


def mariadb(run, out, who, truth):
    import pymysql
    binary = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
    if not os.path.exists(binary) or not shutil.which("mariadb-install-db"):
        fail("MariaDB is missing: apt-get install -y mariadb-server")
    datadir, sock, port = os.path.join(run, "data"), os.path.join(run, "mariadb.sock"), free_port()
    log = os.path.join(out, "mariadb-server.stderr")
    spawn(["mariadb-install-db", "--no-defaults", "--datadir=" + datadir, "--auth-root-authentication-method=normal",
           "--skip-test-db"], who, log, wait=True)
    proc = spawn([binary, "--no-defaults", "--datadir=" + datadir, "--socket=" + sock, "--port=%d" % port,
                  "--bind-address=127.0.0.1", "--skip-name-resolve", "--pid-file=" + os.path.join(run, "mariadbd.pid"),
                  "--tmpdir=" + run, "--innodb-buffer-pool-size=64M", "--character-set-server=utf8mb4",
                  "--log-output=FILE", "--slow-query-log=0", "--slow-query-log-file=" + os.path.join(run, "mariadb-slow.log"),
                  "--long-query-time=0", "--log-slow-verbosity=query_plan"], who, log)
    truth["server"] = {"version": subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip(),
                       "port": port, "socket": sock, "user": "app", "database": "shop"}
    try:
        root = wait_ready(proc, lambda: pymysql.connect(unix_socket=sock, user="root", autocommit=True), log)
        with root.cursor() as c:  # the slow log is still off: none of this is logged
            for sql in ["CREATE DATABASE shop CHARACTER SET utf8mb4", "USE shop"] + setup_sql("mariadb") + [
                    "CREATE USER app@'127.0.0.1' IDENTIFIED BY 'app-pw'", "GRANT ALL ON shop.* TO app@'127.0.0.1'",
                    "SET GLOBAL slow_query_log = 1"]:  # (this one is not logged either)
                c.execute(sql)
        root.close()
        app = pymysql.connect(host="127.0.0.1", port=port, user="app", password="app-pw", database="shop",
                              charset="utf8mb4", autocommit=True)  # autocommit as the server's: no SET sent
        cur = app.cursor()

        def execute(sql, params, protocol):
            cur.execute(sql)
            cur.fetchall()
            return sql
        truth["shapes"] = run_workload("mariadb", execute)
        app.close()
    finally:
        stop(proc, signal.SIGTERM)
    truth["setup"] = [{"name": "set_names", "calls": 1, "example": "SET NAMES utf8mb4",
                       "note": "sent by PyMySQL as the workload connection opens: the log's first entry"}]
    ex = next(s for s in truth["shapes"] if s["name"] == "execute_item_count")
    ex["logged_as"] = "SELECT COUNT(*) FROM items WHERE order_id = " + ex["example"].split()[-1]
    ex["note"] = "MariaDB logs EXECUTE ... USING as the prepared statement with the values in place"
    return {"slow": "mariadb-slow.log", "server_stderr": None}


def check_mariadb(truth):
    lines = open(truth["log_files"]["slow"], encoding="utf-8", errors="replace").read().split("\n")
    return {"entries_expected": sum(s["calls"] for s in truth["shapes"] + truth["setup"]),
            "entries_found": sum(line.startswith("# Query_time:") for line in lines),
            "counted": "lines starting with '# Query_time:'"}


def postgres(run, out, who, truth):
    import psycopg
    bindirs = [d for d in ["/usr/lib/postgresql/15/bin"] + sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
               if os.path.exists(os.path.join(d, "postgres"))] or fail("PostgreSQL is missing: apt-get install -y postgresql")
    bindir, datadir, port = bindirs[0], os.path.join(run, "data"), free_port()
    log = os.path.join(out, "postgres-server.stderr")
    spawn([os.path.join(bindir, "initdb"), "-D", datadir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"],
          who, log, wait=True)
    settings = {"listen_addresses": "127.0.0.1", "port": port, "unix_socket_directories": run,
                "log_min_duration_statement": 0, "logging_collector": "on", "log_destination": "stderr,csvlog,jsonlog",
                "log_directory": run, "log_filename": "postgres.log", "log_file_mode": "0644",
                "log_rotation_age": 0, "log_rotation_size": 0, "log_line_prefix": "%m [%p] %q%u@%d ",
                "shared_preload_libraries": "pg_stat_statements", "fsync": "off", "shared_buffers": "32MB"}
    cmd = [os.path.join(bindir, "postgres"), "-D", datadir]
    for k, v in settings.items():
        cmd += ["-c", "%s=%s" % (k, v)]
    proc = spawn(cmd, who, log)
    truth["server"] = {"version": subprocess.run([cmd[0], "--version"], capture_output=True, text=True).stdout.strip(),
                       "port": port, "socket_dir": run, "user": "app", "database": "shop", "settings": settings}
    quiet = "-c log_min_duration_statement=-1"  # sessions for setup and truth stay out of the log
    try:
        admin = wait_ready(proc, lambda: psycopg.connect(host=run, port=port, user="postgres", dbname="postgres",
                                                         options=quiet, autocommit=True), log)
        admin.execute("CREATE ROLE app LOGIN")
        admin.execute("CREATE DATABASE shop OWNER app")
        admin.close()
        db = psycopg.connect(host=run, port=port, user="postgres", dbname="shop", options=quiet, autocommit=True)
        for sql in ["CREATE EXTENSION pg_stat_statements"] + setup_sql("postgres") + [
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO app", "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app",
                "SELECT pg_stat_statements_reset()"]:
            db.execute(sql)
        app = psycopg.connect(host="127.0.0.1", port=port, user="app", dbname="shop", autocommit=True)
        cur = app.cursor()

        def execute(sql, params, protocol):
            cur.execute(sql, params, prepare=protocol == "prepared")  # False: never prepared automatically
            if cur.description:
                cur.fetchall()
            n = iter(range(1, 100))  # the text as sent: psycopg turns %s into $1, $2 ...
            return re.sub("%s", lambda m: "$%d" % next(n), sql) if params else sql
        truth["shapes"] = run_workload("postgres", execute)
        app.close()
        rows = db.execute("""SELECT s.query, s.calls, s.total_exec_time, s.rows FROM pg_stat_statements s
            JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'app' ORDER BY s.calls DESC, s.query""").fetchall()
        truth["pg_stat_statements"] = [{"query": r[0], "calls": r[1], "total_exec_time_ms": r[2], "rows": r[3]} for r in rows]
        db.close()
    finally:
        stop(proc, signal.SIGINT)
    truth["setup"] = []  # psycopg sends nothing on connect; setup ran with logging off
    return {"stderr": "postgres.log", "csv": "postgres.csv", "json": "postgres.json", "server_stderr": None}


def check_postgres(truth):
    text = open(truth["log_files"]["stderr"], encoding="utf-8", errors="replace").read()
    found = {p: len(re.findall(r"LOG:  duration: [\d.]+ ms  %s" % p, text)) for p in ("statement", "execute", "parse", "bind")}
    by = lambda protocol: sum(s["calls"] for s in truth["shapes"] if s["protocol"] == protocol)
    return {"entries_expected": sum(s["calls"] for s in truth["shapes"]), "entries_found": found["statement"] + found["execute"],
            "counted": "'duration: ... statement:' and 'duration: ... execute <name>:' lines; the parse and bind lines are extra",
            "parse_lines_expected": by("extended") + 1, "parse_lines_found": found["parse"],
            "bind_lines_expected": by("extended") + by("prepared"), "bind_lines_found": found["bind"]}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("mariadb", "postgres"):
        fail("usage: slowlog_workload.py mariadb|postgres OUTDIR")
    engine, out = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    signal.signal(signal.SIGALRM, lambda *_: fail("took longer than %d s" % LIMIT))
    signal.alarm(LIMIT)
    started, truth = time.monotonic(), {"engine": engine}
    who = server_user("mysql" if engine == "mariadb" else "postgres")
    # The server's files live in a short temp path the server user can reach (unix socket
    # paths are limited to ~107 bytes); its logs are moved into OUTDIR at the end, always.
    run = tempfile.mkdtemp(prefix="lookout-%s-" % engine)
    if who:
        os.chown(run, who["user"], who["group"])
    logs = {"slow": "mariadb-slow.log"} if engine == "mariadb" else {"stderr": "postgres.log", "csv": "postgres.csv", "json": "postgres.json"}
    try:
        logs = (mariadb if engine == "mariadb" else postgres)(run, out, who, truth)
    finally:
        for name in filter(None, logs.values()):
            if os.path.exists(os.path.join(run, name)):
                shutil.move(os.path.join(run, name), os.path.join(out, name))
                os.chown(os.path.join(out, name), os.getuid(), os.getgid())
        shutil.rmtree(run, ignore_errors=True)
    truth["log_files"] = {k: os.path.join(out, v or engine + "-server.stderr") for k, v in logs.items()}
    truth["setup_statements"] = sum(s["calls"] for s in truth["setup"])  # logged besides the shapes
    truth["log_check"] = (check_mariadb if engine == "mariadb" else check_postgres)(truth)
    truth["seconds"] = round(time.monotonic() - started, 2)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    check = truth["log_check"]
    bad = {k: check[k] for k in check if k.endswith("_expected") and check[k] != check[k[:-8] + "found"]}
    if bad:
        fail("the log does not match the workload: %s; see %s" % (json.dumps(check), os.path.join(out, "truth.json")))
    for path in [os.path.join(out, "truth.json")] + list(truth["log_files"].values()):
        print(path)


if __name__ == "__main__":
    main()
