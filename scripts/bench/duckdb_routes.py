#!/usr/bin/env python3
"""The DuckDB side of the block-store benchmark (docs/benchmarks.md).

Loads the CSV written by `lookout bench-store --csv` into an in-memory DuckDB table and
times the same per-route query over the same range: count, error rate, avg and exact p95.
Usage: duckdb_routes.py ROWS.csv FROM_US TO_US [REPEATS]
"""
import sys, time
import duckdb

path, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
con = duckdb.connect()
t = time.perf_counter()
con.execute(f"CREATE TABLE r AS SELECT * FROM read_csv('{path}', header=true, "
            "columns={'ts_us':'BIGINT','method':'VARCHAR','route':'VARCHAR','status':'INTEGER','duration_us':'BIGINT'})")
print(f"load: {time.perf_counter() - t:.2f} s, rows: {con.execute('SELECT count(*) FROM r').fetchone()[0]}")
q = """
SELECT method, route, count(*) AS n, avg(CASE WHEN status >= 500 AND status < 600 THEN 1.0 ELSE 0.0 END) AS error_rate,
       avg(duration_us) / 1000 AS avg_ms, quantile_disc(duration_us, 0.95) / 1000 AS p95_ms
FROM r WHERE ts_us >= ? AND ts_us < ?
GROUP BY method, route ORDER BY sum(duration_us) DESC
"""
times = []
for _ in range(repeats):
    t = time.perf_counter()
    rows = con.execute(q, [lo, hi]).fetchall()
    times.append(time.perf_counter() - t)
times.sort()
print(f"query: min {times[0]*1000:.1f} ms, median {times[len(times)//2]*1000:.1f} ms over {repeats} runs")
for r in rows[:5]:
    print("  %s %s count=%d err=%.4f avg=%.3fms p95=%.3fms" % r)
