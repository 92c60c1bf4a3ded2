// Lookout's canonical fingerprints of the statements in PgStatStatementsFixtures.swift, with
// their tables and kinds, reviewed by hand: PostgreSQL has no canonical text to compare with
// (pg_stat_statements keys classes by a hash of the parse tree).

extension PgStatStatementsFixtures {
  /// Statement, its canonical fingerprint, tables (comma-separated) and kind.
  static let canonical: [(statement: String, fingerprint: String, tables: String, kind: String)] = [
    ("SELECT * FROM users WHERE id = 5", "select * from users where id = $1", "users", "select"),
    (
      "select * from users where id = -5 and score > -1.5e3 and score < .5",
      "select * from users where id = $1 and score > $2 and score < $3", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE name = 'it''s' AND email = E'a\\'b' AND id IN (1, 2, 3)",
      "select * from users where name = $1 and email = $2 and id in ($3 /*, ... */)", "users",
      "select"
    ),
    (
      "select $$dollar$$, $tag$x$tag$, B'101', X'ff', U&'d\\0061t', true, false, null from users",
      "select $1, $2, $3, $4, $5, $6, $7, $8 from users", "users", "select"
    ),
    (
      "select * from users where created_at > now() - interval '1 day' and active = true and name is null",
      "select * from users where created_at > now() - interval $1 and active = $2 and name is null",
      "users", "select"
    ),
    (
      "select ARRAY[1,2], '5'::int, CAST('7' AS int), 3::text, id::text from users limit 10 offset 20",
      "select array[$1 /*, ... */], $2::int, cast($3 as int), $4::text, id::text from users limit $5 offset $6",
      "users", "select"
    ),
    (
      "/* leading */ SELECT   name,\n  email FROM users -- trailing\n WHERE id = 1;",
      "select name, email from users where id = $1", "users", "select"
    ),
    ("  select 2  ", "select $1", "", "select"),
    (
      "update users set name = 'x', score = 1 where id = 3",
      "update users set name = $1, score = $2 where id = $3", "users", "update"
    ),
    (
      "insert into orders (id, user_id, amount, status) values (1, 2, 3.5, 'new'), (2, 3, 4.5, 'old')",
      "insert into orders (id, user_id, amount, status) values ($1, $2, $3, $4)", "orders", "insert"
    ),
    (
      "delete from orders where status = 'old' and amount < 10",
      "delete from orders where status = $1 and amount < $2", "orders", "delete"
    ),
    (
      "select * from users u join orders o on o.user_id = u.id where o.amount between 1 and 100 order by u.id desc",
      "select * from users u join orders o on o.user_id = u.id where o.amount between $1 and $2 order by u.id desc",
      "users,orders", "select"
    ),
    ("set work_mem = '64MB'", "set work_mem = $1", "", "other"),
    (
      "select * from \"MixedCase\" where \"Col\" = 'a'",
      "select * from \"MixedCase\" where \"Col\" = $1", "MixedCase", "select"
    ),
    (
      "select * from app.events where kind = any(array['a','b']) and at >= '2024-01-01'::timestamptz",
      "select * from app.events where kind = any(array[$1 /*, ... */]) and at >= $2::timestamptz",
      "app.events", "select"
    ),
    (
      "select 1e5, 1.5, 100000000000000000000, -0, +3 from users",
      "select $1, $2, $3, $4, +$5 from users", "users", "select"
    ),
    (
      "select id from users where id in (select user_id from orders where amount > 5)",
      "select id from users where id in (select user_id from orders where amount > $1)",
      "users,orders", "select"
    ),
    (
      "select 'a' || 'b', 5 % 3, 2 ^ 3, |/ 16, @ -5 from users",
      "select $1 || $2, $3 % $4, $5 ^ $6, |/ $7, @ $8 from users", "users", "select"
    ),
    (
      "select count(*) from users where data->>'k' = 'v' and data @> '{\"a\":1}'",
      "select count(*) from users where data->>$1 = $2 and data @> $3", "users", "select"
    ),
    (
      "select * from users where id = 1 -2", "select * from users where id = $1 -$2", "users",
      "select"
    ),
    ("select * from users where id=1-2", "select * from users where id=$1-$2", "users", "select"),
    (
      "SELECT * FROM users WHERE id IN (1,2,3) AND name IN ('a', 'b')",
      "select * from users where id in ($1 /*, ... */) and name in ($2 /*, ... */)", "users",
      "select"
    ),
    (
      "SELECT * FROM users WHERE id = 1 AND id = -2::int AND id = - 3",
      "select * from users where id = $1 and id = -$2::int and id = $3", "users", "select"
    ),
    (
      "SELECT id FROM users WHERE id = ANY('{1,2}'::int[])",
      "select id from users where id = any($1::int[])", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE name LIKE 'a%' ESCAPE '!'",
      "select * from users where name like $1 escape $2", "users", "select"
    ),
    (
      "SELECT date '2024-01-01', timestamp '2024-01-01 00:00', int4 '5', float8 '1.5' FROM users",
      "select date $1, timestamp $2, int4 $3, float8 $4 from users", "users", "select"
    ),
    (
      "SELECT n'abc', e'\\x41', x'1F' FROM users", "select n$1, $2, $3 from users", "users",
      "select"
    ),
    (
      "SELECT 1 FROM users WHERE (id, score) IN ((1, 2), (3, 4))",
      "select $1 from users where (id, score) in (($2, $3), ($4, $5))", "users", "select"
    ),
    (
      "SELECT 1 FROM users WHERE name = $$a$b$$ OR name = $q$it's$q$",
      "select $1 from users where name = $2 or name = $3", "users", "select"
    ),
    (
      "SELECT * FROM users ORDER BY 1 LIMIT ALL", "select * from users order by 1 limit $1",
      "users", "select"
    ),
    (
      "SELECT * FROM users ORDER BY 1, 2 DESC", "select * from users order by 1, 2 desc", "users",
      "select"
    ),
    (
      "SELECT * FROM users FETCH FIRST 5 ROWS ONLY", "select * from users fetch first $1 rows only",
      "users", "select"
    ),
    (
      "SELECT id FROM users GROUP BY 1 HAVING count(*) > 2",
      "select id from users group by 1 having count(*) > $1", "users", "select"
    ),
    (
      "SELECT id, count(*) FROM orders GROUP BY id ORDER BY 2 DESC LIMIT 5",
      "select id, count(*) from orders group by id order by 2 desc limit $1", "orders", "select"
    ),
    (
      "SELECT * FROM users WHERE name = 'テスト'", "select * from users where name = $1", "users",
      "select"
    ),
    (
      "select * from users where name = 'a'\n  'b'", "select * from users where name = $1", "users",
      "select"
    ),
    (
      "WITH recent AS (SELECT * FROM orders WHERE amount > 10) SELECT u.name FROM users u JOIN recent r ON r.user_id = u.id",
      "with recent as (select * from orders where amount > $1) select u.name from users u join recent r on r.user_id = u.id",
      "orders,users", "select"
    ),
    (
      "SELECT * FROM users WHERE id = 1 FOR UPDATE", "select * from users where id = $1 for update",
      "users", "select"
    ),
    (
      "INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
      "insert into users (id, name) values ($1, $2) on conflict (id) do update set name = excluded.name",
      "users", "insert"
    ),
    (
      "INSERT INTO orders SELECT * FROM orders WHERE id = 1",
      "insert into orders select * from orders where id = $1", "orders", "insert"
    ),
    (
      "UPDATE orders o SET amount = o.amount * 2 FROM users u WHERE u.id = o.user_id AND u.name = 'x'",
      "update orders o set amount = o.amount * $1 from users u where u.id = o.user_id and u.name = $2",
      "orders,users", "update"
    ),
    (
      "DELETE FROM orders USING users WHERE orders.user_id = users.id AND users.active = false",
      "delete from orders using users where orders.user_id = users.id and users.active = $1",
      "orders,users", "delete"
    ),
    (
      "SELECT * FROM generate_series(1, 10) g", "select * from generate_series($1, $2) g", "",
      "select"
    ),
    (
      "SELECT extract(year from created_at) FROM users",
      "select extract($1 from created_at) from users", "users", "select"
    ),
    (
      "SELECT coalesce(name, 'none'), greatest(1, score) FROM users",
      "select coalesce(name, $1), greatest($2, score) from users", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE score BETWEEN -1 AND +1",
      "select * from users where score between $1 and +$2", "users", "select"
    ),
    (
      "SELECT CASE WHEN id > 1 THEN -1 ELSE 0 END FROM users",
      "select case when id > $1 then $2 else $3 end from users", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE id = 1 /* nested /* comment */ still */ AND score = 2",
      "select * from users where id = $1 and score = $2", "users", "select"
    ),
    (
      "SELECT '{1,2}'::int[], ARRAY[[1,2],[3,4]] FROM users",
      "select $1::int[], array[[$2,$3],[$4,$5]] from users", "users", "select"
    ),
    (
      "select\tid\nfrom\tusers\twhere\tid\t=\t7", "select id from users where id = $1", "users",
      "select"
    ),
    (
      "SELECT * FROM ONLY users WHERE id = 3", "select * from only users where id = $1", "users",
      "select"
    ),
    (
      "SELECT u.* FROM users u, LATERAL (SELECT * FROM orders o WHERE o.user_id = u.id LIMIT 1) x",
      "select u.* from users u, lateral (select * from orders o where o.user_id = u.id limit $1) x",
      "users,orders", "select"
    ),
    ("VALUES (1, 'a'), (2, 'b')", "values ($1, $2)", "", "other"),
    ("TABLE users", "table users", "", "other"),
    (
      "EXPLAIN SELECT * FROM users WHERE id = 1", "explain select * from users where id = $1",
      "users", "other"
    ),
    ("SHOW work_mem", "show work_mem", "", "other"),
    ("BEGIN", "begin", "", "other"),
    ("SELECT pg_sleep(0)", "select pg_sleep($1)", "", "select"),
    (
      "SELECT * FROM users WHERE id IN (1)", "select * from users where id in ($1 /*, ... */)",
      "users", "select"
    ),
    (
      "select 1::bigint, 2.5::numeric(5,2) from users",
      "select $1::bigint, $2::numeric(5,2) from users", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE email ILIKE '%@example.com' OR name ~ '^a'",
      "select * from users where email ilike $1 or name ~ $2", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE created_at > now() - '1 hour'::interval",
      "select * from users where created_at > now() - $1::interval", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE id = ANY(ARRAY[1, 2, 3])",
      "select * from users where id = any(array[$1 /*, ... */])", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE active IS TRUE AND name IS NOT NULL",
      "select * from users where active is true and name is not null", "users", "select"
    ),
    (
      "SELECT id FROM users WHERE id IN (1, 2) UNION ALL SELECT id FROM orders WHERE id IN (3)",
      "select id from users where id in ($1 /*, ... */) union all select id from orders where id in ($2 /*, ... */)",
      "users,orders", "select"
    ),
    (
      "SELECT CAST(score AS numeric(5,2)), name::varchar(10) FROM users",
      "select cast(score as numeric(5,2)), name::varchar(10) from users", "users", "select"
    ),
    (
      "SELECT null::int, NULL FROM users WHERE name = NULL OR email IS NOT NULL OR active IS NOT TRUE",
      "select $1::int, $2 from users where name = $3 or email is not null or active is not true",
      "users", "select"
    ),
    (
      "SELECT extract(epoch from created_at), date_part('year', created_at) FROM users",
      "select extract($1 from created_at), date_part($2, created_at) from users", "users", "select"
    ),
    (
      "SELECT 'a'::text IN ('a'::text, 'b'::text) FROM users",
      "select $1::text in ($2 /*, ... */) from users", "users", "select"
    ),
    (
      "SELECT * FROM users WHERE id IN (-1, -2, 3)",
      "select * from users where id in ($1 /*, ... */)", "users", "select"
    ),
    ("SELECT ARRAY[]::int[] FROM users", "select array[]::int[] from users", "users", "select"),
    (
      "PREPARE p1(int) AS SELECT * FROM users WHERE id = $1 AND score > 5 AND name = 'x'",
      "prepare p1(int) as select * from users where id = $1 and score > $2 and name = $3", "users",
      "other"
    ),
    (
      "PREPARE p2(text, int) AS SELECT * FROM users WHERE id = $2 AND score > 5 AND email = $1",
      "prepare p2(text, int) as select * from users where id = $2 and score > $3 and email = $1",
      "users", "other"
    ),
    (
      "PREPARE p3(int, int) AS SELECT * FROM users WHERE id IN ($1, $2, 3) LIMIT 10",
      "prepare p3(int, int) as select * from users where id in ($1 /*, ... */) limit $2", "users",
      "other"
    ),
  ]
}
