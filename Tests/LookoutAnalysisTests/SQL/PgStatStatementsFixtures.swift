// Generated with PostgreSQL 15.18 and pg_stat_statements 1.10 (pg_stat_statements.track =
// all, track_utility = on): each statement run alone after pg_stat_statements_reset(), then
// its row's query read back. The PREPARE rows were read after an EXECUTE of each.

/// What PostgreSQL 15's pg_stat_statements shows for statements, for comparing
/// ``PostgresFingerprinter/normalizedText(_:)`` with it.
enum PgStatStatementsFixtures {
  /// Statement as sent, and `pg_stat_statements.query` for it.
  static let normalized: [(statement: String, query: String)] = [
    ("SELECT * FROM users WHERE id = 5", "SELECT * FROM users WHERE id = $1"),
    (
      "select * from users where id = -5 and score > -1.5e3 and score < .5",
      "select * from users where id = $1 and score > $2 and score < $3"
    ),
    (
      "SELECT * FROM users WHERE name = 'it''s' AND email = E'a\\'b' AND id IN (1, 2, 3)",
      "SELECT * FROM users WHERE name = $1 AND email = $2 AND id IN ($3, $4, $5)"
    ),
    (
      "select $$dollar$$, $tag$x$tag$, B'101', X'ff', U&'d\\0061t', true, false, null from users",
      "select $1, $2, $3, $4, $5, $6, $7, $8 from users"
    ),
    (
      "select * from users where created_at > now() - interval '1 day' and active = true and name is null",
      "select * from users where created_at > now() - interval $1 and active = $2 and name is null"
    ),
    (
      "select ARRAY[1,2], '5'::int, CAST('7' AS int), 3::text, id::text from users limit 10 offset 20",
      "select ARRAY[$1,$2], $3::int, CAST($4 AS int), $5::text, id::text from users limit $6 offset $7"
    ),
    (
      "/* leading */ SELECT   name,\n  email FROM users -- trailing\n WHERE id = 1;",
      "/* leading */ SELECT   name,\n  email FROM users -- trailing\n WHERE id = $1"
    ),
    ("  select 2  ", "select $1"),
    (
      "update users set name = 'x', score = 1 where id = 3",
      "update users set name = $1, score = $2 where id = $3"
    ),
    (
      "insert into orders (id, user_id, amount, status) values (1, 2, 3.5, 'new'), (2, 3, 4.5, 'old')",
      "insert into orders (id, user_id, amount, status) values ($1, $2, $3, $4), ($5, $6, $7, $8)"
    ),
    (
      "delete from orders where status = 'old' and amount < 10",
      "delete from orders where status = $1 and amount < $2"
    ),
    (
      "select * from users u join orders o on o.user_id = u.id where o.amount between 1 and 100 order by u.id desc",
      "select * from users u join orders o on o.user_id = u.id where o.amount between $1 and $2 order by u.id desc"
    ),
    ("set work_mem = '64MB'", "set work_mem = '64MB'"),
    (
      "select * from \"MixedCase\" where \"Col\" = 'a'",
      "select * from \"MixedCase\" where \"Col\" = $1"
    ),
    (
      "select * from app.events where kind = any(array['a','b']) and at >= '2024-01-01'::timestamptz",
      "select * from app.events where kind = any(array[$1,$2]) and at >= $3::timestamptz"
    ),
    (
      "select 1e5, 1.5, 100000000000000000000, -0, +3 from users",
      "select $1, $2, $3, $4, +$5 from users"
    ),
    (
      "select id from users where id in (select user_id from orders where amount > 5)",
      "select id from users where id in (select user_id from orders where amount > $1)"
    ),
    (
      "select 'a' || 'b', 5 % 3, 2 ^ 3, |/ 16, @ -5 from users",
      "select $1 || $2, $3 % $4, $5 ^ $6, |/ $7, @ $8 from users"
    ),
    (
      "select count(*) from users where data->>'k' = 'v' and data @> '{\"a\":1}'",
      "select count(*) from users where data->>$1 = $2 and data @> $3"
    ),
    ("select * from users where id = 1 -2", "select * from users where id = $1 -$2"),
    ("select * from users where id=1-2", "select * from users where id=$1-$2"),
    (
      "SELECT * FROM users WHERE id IN (1,2,3) AND name IN ('a', 'b')",
      "SELECT * FROM users WHERE id IN ($1,$2,$3) AND name IN ($4, $5)"
    ),
    (
      "SELECT * FROM users WHERE id = 1 AND id = -2::int AND id = - 3",
      "SELECT * FROM users WHERE id = $1 AND id = -$2::int AND id = $3"
    ),
    (
      "SELECT id FROM users WHERE id = ANY('{1,2}'::int[])",
      "SELECT id FROM users WHERE id = ANY($1::int[])"
    ),
    (
      "SELECT * FROM users WHERE name LIKE 'a%' ESCAPE '!'",
      "SELECT * FROM users WHERE name LIKE $1 ESCAPE $2"
    ),
    (
      "SELECT date '2024-01-01', timestamp '2024-01-01 00:00', int4 '5', float8 '1.5' FROM users",
      "SELECT date $1, timestamp $2, int4 $3, float8 $4 FROM users"
    ),
    ("SELECT n'abc', e'\\x41', x'1F' FROM users", "SELECT n$1, $2, $3 FROM users"),
    (
      "SELECT 1 FROM users WHERE (id, score) IN ((1, 2), (3, 4))",
      "SELECT $1 FROM users WHERE (id, score) IN (($2, $3), ($4, $5))"
    ),
    (
      "SELECT 1 FROM users WHERE name = $$a$b$$ OR name = $q$it's$q$",
      "SELECT $1 FROM users WHERE name = $2 OR name = $3"
    ),
    ("SELECT * FROM users ORDER BY 1 LIMIT ALL", "SELECT * FROM users ORDER BY 1 LIMIT $1"),
    ("SELECT * FROM users ORDER BY 1, 2 DESC", "SELECT * FROM users ORDER BY 1, 2 DESC"),
    ("SELECT * FROM users FETCH FIRST 5 ROWS ONLY", "SELECT * FROM users FETCH FIRST $1 ROWS ONLY"),
    (
      "SELECT id FROM users GROUP BY 1 HAVING count(*) > 2",
      "SELECT id FROM users GROUP BY 1 HAVING count(*) > $1"
    ),
    (
      "SELECT id, count(*) FROM orders GROUP BY id ORDER BY 2 DESC LIMIT 5",
      "SELECT id, count(*) FROM orders GROUP BY id ORDER BY 2 DESC LIMIT $1"
    ),
    ("SELECT * FROM users WHERE name = 'テスト'", "SELECT * FROM users WHERE name = $1"),
    ("select * from users where name = 'a'\n  'b'", "select * from users where name = $1"),
    (
      "WITH recent AS (SELECT * FROM orders WHERE amount > 10) SELECT u.name FROM users u JOIN recent r ON r.user_id = u.id",
      "WITH recent AS (SELECT * FROM orders WHERE amount > $1) SELECT u.name FROM users u JOIN recent r ON r.user_id = u.id"
    ),
    ("SELECT * FROM users WHERE id = 1 FOR UPDATE", "SELECT * FROM users WHERE id = $1 FOR UPDATE"),
    (
      "INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
      "INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name"
    ),
    (
      "INSERT INTO orders SELECT * FROM orders WHERE id = 1",
      "INSERT INTO orders SELECT * FROM orders WHERE id = $1"
    ),
    (
      "UPDATE orders o SET amount = o.amount * 2 FROM users u WHERE u.id = o.user_id AND u.name = 'x'",
      "UPDATE orders o SET amount = o.amount * $1 FROM users u WHERE u.id = o.user_id AND u.name = $2"
    ),
    (
      "DELETE FROM orders USING users WHERE orders.user_id = users.id AND users.active = false",
      "DELETE FROM orders USING users WHERE orders.user_id = users.id AND users.active = $1"
    ),
    ("SELECT * FROM generate_series(1, 10) g", "SELECT * FROM generate_series($1, $2) g"),
    (
      "SELECT extract(year from created_at) FROM users",
      "SELECT extract($1 from created_at) FROM users"
    ),
    (
      "SELECT coalesce(name, 'none'), greatest(1, score) FROM users",
      "SELECT coalesce(name, $1), greatest($2, score) FROM users"
    ),
    (
      "SELECT * FROM users WHERE score BETWEEN -1 AND +1",
      "SELECT * FROM users WHERE score BETWEEN $1 AND +$2"
    ),
    (
      "SELECT CASE WHEN id > 1 THEN -1 ELSE 0 END FROM users",
      "SELECT CASE WHEN id > $1 THEN $2 ELSE $3 END FROM users"
    ),
    (
      "SELECT * FROM users WHERE id = 1 /* nested /* comment */ still */ AND score = 2",
      "SELECT * FROM users WHERE id = $1 /* nested /* comment */ still */ AND score = $2"
    ),
    (
      "SELECT '{1,2}'::int[], ARRAY[[1,2],[3,4]] FROM users",
      "SELECT $1::int[], ARRAY[[$2,$3],[$4,$5]] FROM users"
    ),
    ("select\tid\nfrom\tusers\twhere\tid\t=\t7", "select\tid\nfrom\tusers\twhere\tid\t=\t$1"),
    ("SELECT * FROM ONLY users WHERE id = 3", "SELECT * FROM ONLY users WHERE id = $1"),
    (
      "SELECT u.* FROM users u, LATERAL (SELECT * FROM orders o WHERE o.user_id = u.id LIMIT 1) x",
      "SELECT u.* FROM users u, LATERAL (SELECT * FROM orders o WHERE o.user_id = u.id LIMIT $1) x"
    ),
    ("VALUES (1, 'a'), (2, 'b')", "VALUES ($1, $2), ($3, $4)"),
    ("TABLE users", "TABLE users"),
    ("EXPLAIN SELECT * FROM users WHERE id = 1", "EXPLAIN SELECT * FROM users WHERE id = 1"),
    ("SHOW work_mem", "SHOW work_mem"),
    ("BEGIN", "BEGIN"),
    ("SELECT pg_sleep(0)", "SELECT pg_sleep($1)"),
    ("SELECT * FROM users WHERE id IN (1)", "SELECT * FROM users WHERE id IN ($1)"),
    (
      "select 1::bigint, 2.5::numeric(5,2) from users",
      "select $1::bigint, $2::numeric(5,2) from users"
    ),
    (
      "SELECT * FROM users WHERE email ILIKE '%@example.com' OR name ~ '^a'",
      "SELECT * FROM users WHERE email ILIKE $1 OR name ~ $2"
    ),
    (
      "SELECT * FROM users WHERE created_at > now() - '1 hour'::interval",
      "SELECT * FROM users WHERE created_at > now() - $1::interval"
    ),
    (
      "SELECT * FROM users WHERE id = ANY(ARRAY[1, 2, 3])",
      "SELECT * FROM users WHERE id = ANY(ARRAY[$1, $2, $3])"
    ),
    (
      "SELECT * FROM users WHERE active IS TRUE AND name IS NOT NULL",
      "SELECT * FROM users WHERE active IS TRUE AND name IS NOT NULL"
    ),
    (
      "SELECT id FROM users WHERE id IN (1, 2) UNION ALL SELECT id FROM orders WHERE id IN (3)",
      "SELECT id FROM users WHERE id IN ($1, $2) UNION ALL SELECT id FROM orders WHERE id IN ($3)"
    ),
    (
      "SELECT CAST(score AS numeric(5,2)), name::varchar(10) FROM users",
      "SELECT CAST(score AS numeric(5,2)), name::varchar(10) FROM users"
    ),
    (
      "SELECT null::int, NULL FROM users WHERE name = NULL OR email IS NOT NULL OR active IS NOT TRUE",
      "SELECT $1::int, $2 FROM users WHERE name = $3 OR email IS NOT NULL OR active IS NOT TRUE"
    ),
    (
      "SELECT extract(epoch from created_at), date_part('year', created_at) FROM users",
      "SELECT extract($1 from created_at), date_part($2, created_at) FROM users"
    ),
    (
      "SELECT 'a'::text IN ('a'::text, 'b'::text) FROM users",
      "SELECT $1::text IN ($2::text, $3::text) FROM users"
    ),
    ("SELECT * FROM users WHERE id IN (-1, -2, 3)", "SELECT * FROM users WHERE id IN ($1, $2, $3)"),
    ("SELECT ARRAY[]::int[] FROM users", "SELECT ARRAY[]::int[] FROM users"),
    (
      "PREPARE p1(int) AS SELECT * FROM users WHERE id = $1 AND score > 5 AND name = 'x'",
      "PREPARE p1(int) AS SELECT * FROM users WHERE id = $1 AND score > $2 AND name = $3"
    ),
    (
      "PREPARE p2(text, int) AS SELECT * FROM users WHERE id = $2 AND score > 5 AND email = $1",
      "PREPARE p2(text, int) AS SELECT * FROM users WHERE id = $2 AND score > $3 AND email = $1"
    ),
    (
      "PREPARE p3(int, int) AS SELECT * FROM users WHERE id IN ($1, $2, 3) LIMIT 10",
      "PREPARE p3(int, int) AS SELECT * FROM users WHERE id IN ($1, $2, $3) LIMIT $4"
    ),
  ]
}
