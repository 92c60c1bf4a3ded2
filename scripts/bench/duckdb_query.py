#!/usr/bin/env python3
"""The DuckDB side of the query-language benchmark (docs/benchmarks.md, "Query language").

Loads the CSV written by `lookout bench-store --csv` into an in-memory DuckDB table and
times `stats count(*), avg(duration), pct(duration, 95) by route, bin(5m)` over the range:
count, average and exact 95th percentile (nearest rank, quantile_disc) of the request time
in milliseconds per route and 5-minute bin.
Usage: duckdb_query.py ROWS.csv FROM_US TO_US [REPEATS]
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
SELECT route, ts_us // 300000000 * 300000000 AS bin, count(*) AS n,
       avg(duration_us) / 1000 AS avg_ms, quantile_disc(duration_us, 0.95) / 1000 AS p95_ms
FROM r WHERE ts_us >= ? AND ts_us < ?
GROUP BY route, bin ORDER BY route, bin
"""
times = []
for _ in range(repeats):
    t = time.perf_counter()
    rows = con.execute(q, [lo, hi]).fetchall()
    times.append(time.perf_counter() - t)
times.sort()
print(f"groups: {len(rows)}, rows counted: {sum(r[2] for r in rows)}")
print(f"query: min {times[0]*1000:.1f} ms, median {times[len(times)//2]*1000:.1f} ms over {repeats} runs")
for r in rows[:3]:
    print("  %s %d count=%d avg=%.3fms p95=%.3fms" % r)
