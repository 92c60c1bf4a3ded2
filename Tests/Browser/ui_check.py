#!/usr/bin/env python3
"""Drives Debian's chromium (headless, through chromedriver and selenium) over a running
Lookout that holds demo traffic, checks what each page shows against the JSON API, and
saves a 1440x900 screenshot of each page.

Usage: ui_check.py BASE_URL USERNAME PASSWORD SCREENSHOT_DIR
Prints one line per check and 'N passed, M failed'; exits 1 when a check fails.
BrowserTests.swift (LookoutServerTests) runs it against a live test server.
"""
import json, math, os, sys, time, urllib.parse

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

base, username, password, shots = sys.argv[1:5]
os.makedirs(shots, exist_ok=True)
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + str(detail) if detail else ""))


def human_count(value):
    """HumanFormat.count (non-negative values), the oracle for figures shown in tables:
    one decimal below 10 of a unit, none above, halves rounded away from zero."""
    def fixed(number, decimals):
        scaled = math.floor(number * 10 ** decimals + 0.5)
        text = str(scaled // 10 ** decimals)
        fraction = scaled % 10 ** decimals
        return text + ("." + str(fraction) if fraction else "")
    if value < 1000:
        return fixed(value, 1)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= limit:
            scaled = value / limit
            return fixed(scaled, 1 if scaled < 10 else 0) + suffix


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1440,900", "--force-prefers-reduced-motion"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(60)


def api(path):
    """JSON from the API, fetched by the logged-in browser (session cookie)."""
    driver.get(base + path)
    return json.loads(driver.find_element(By.TAG_NAME, "body").text)


def shot(name):
    driver.set_window_size(1440, 900)
    driver.save_screenshot(os.path.join(shots, name + ".png"))


def wait_for(condition, seconds=60):
    """Polls `condition(driver)` until it is true; navigation may be under way meanwhile."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition(driver):
                return True
        except Exception:
            pass
        time.sleep(0.1)
    return False


def path_is(path):
    return lambda d: urllib.parse.urlsplit(d.current_url).path == path \
        and d.execute_script("return document.readyState") == "complete"


def no_alert():
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


try:
    # Login: every page sends an anonymous visitor to the form, which comes back.
    driver.get(base + "/endpoints")
    check("anonymous visit lands on the login form", "/login" in driver.current_url, driver.current_url)
    shot("login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    check("login returns to the page asked for", wait_for(path_is("/endpoints")), driver.current_url)

    routes = api("/api/v1/endpoints?from=now-1h&to=now")["routes"]
    total = sum(r["count"] for r in routes)

    # Overview.
    driver.get(base + "/")
    check("overview title", driver.title == "Overview · Lookout", driver.title)
    figures = {f.find_element(By.CLASS_NAME, "label").text: f.find_element(By.CLASS_NAME, "value").text
               for f in driver.find_elements(By.CSS_SELECTOR, "[data-testid=totals] .figure")}
    check("overview request total equals the API's", figures.get("Requests") == human_count(total),
          (figures, total))
    check("overview endpoint count equals the API's", figures.get("Endpoints") == str(len(routes)), figures)
    lines = driver.find_elements(By.CSS_SELECTOR, "[data-testid=error-rate-per-domain] svg path.line")
    check("error rate chart draws a line per domain", len(lines) >= 3, len(lines))
    latency = driver.find_element(By.CSS_SELECTOR, "[data-testid=latency] svg.chart")
    check("latency chart draws p50, p95, p99",
          len(latency.find_elements(By.CSS_SELECTOR, "path.line")) == 3)
    worst = max(routes, key=lambda r: r["p95_ms"] or 0)
    first = driver.find_element(By.CSS_SELECTOR, "[data-testid=slowest-p95] tbody tr td a").text
    check("slowest endpoint by p95 matches the API", first == worst["method"] + " " + worst["route"],
          (first, worst["route"]))
    error_rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=top-errors] tbody tr")
    check("top URLs by errors has rows with sparklines",
          len(error_rows) > 0 and len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=top-errors] svg.sparkline")) == len(error_rows))
    ticks = driver.find_elements(By.CSS_SELECTOR, "[data-testid=latency] text.tick-time")
    check("time ticks rewritten to local time", len(ticks) > 0 and all(":" in t.text for t in ticks),
          [t.text for t in ticks])
    # Hover shows the values under the cursor.
    ActionChains(driver).move_to_element_with_offset(latency, 40, 0).perform()
    tooltip = driver.find_element(By.ID, "tooltip")
    check("hover shows a tooltip with p95", tooltip.is_displayed() and "p95" in tooltip.text, tooltip.text)
    shot("overview")

    # Drag across the latency chart: the URL takes the selected range.
    before = driver.current_url
    width = latency.size["width"]
    ActionChains(driver).move_to_element_with_offset(latency, -width // 6, 0).click_and_hold() \
        .move_by_offset(width // 4, 0).release().perform()
    wait_for(lambda d: "from=" in d.current_url and d.execute_script("return document.readyState") == "complete")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    check("drag-zoom puts from/to in the URL", "from" in query and "to" in query and driver.current_url != before,
          driver.current_url)
    if "from" in query and "to" in query:
        span = int(query["to"][0]) - int(query["from"][0])
        check("zoomed range is a quarter of the hour, roughly", 8 * 60e6 < span < 22 * 60e6, span)
    summary = driver.find_element(By.CSS_SELECTOR, "[data-testid=range-picker] summary").text
    check("header shows the custom range", "–" in summary, summary)

    # Endpoints: every route, sortable.
    driver.get(base + "/endpoints")
    rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=endpoints-table] tbody tr")
    check("endpoints table has one row per route", len(rows) == len(routes), (len(rows), len(routes)))
    counts = {r.get_attribute("data-endpoint"): r.find_elements(By.TAG_NAME, "td")[1].text for r in rows}
    mismatched = [r for r in routes if counts.get(r["method"] + " " + r["route"]) != human_count(r["count"])]
    check("endpoint counts equal the API's", not mismatched, mismatched[:3])
    driver.find_element(By.LINK_TEXT, "p95").click()
    wait_for(lambda d: "sort=-p95" in d.current_url and d.execute_script("return document.readyState") == "complete")
    p95 = [r.get_attribute("data-endpoint") for r in driver.find_elements(By.CSS_SELECTOR, "[data-testid=endpoints-table] tbody tr")]
    expected = [r["method"] + " " + r["route"] for r in sorted(routes, key=lambda r: (-(r["p95_ms"] or -1), r["route"], r["method"]))]
    check("clicking p95 sorts by p95, slowest first", p95[:3] == expected[:3], (p95[:3], expected[:3]))
    check("sort order is in the URL", "sort=-p95" in driver.current_url, driver.current_url)
    page_text = driver.find_element(By.TAG_NAME, "body").text
    check("an XSS payload in a path is shown as text", "<script>alert(1)</script>" in page_text)
    check("no injected script ran", no_alert() and len(driver.find_elements(By.TAG_NAME, "script")) == 1)
    shot("endpoints")

    # Endpoint page.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=endpoints-table] tbody tr td a").click()
    wait_for(path_is("/endpoint"))
    check("endpoint page shows a latency histogram",
          len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=latency-histogram] rect.bar")) > 3)
    check("endpoint page shows status codes over time",
          len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=status-chart] rect.bar")) > 10)
    slow = driver.find_elements(By.CSS_SELECTOR, "[data-testid=slowest-requests] tbody tr")
    check("endpoint page lists 20 slowest requests", len(slow) == 20, len(slow))
    shot("endpoint")

    # The XSS user agent, on its endpoint's page.
    driver.get(base + "/endpoint?method=GET&route=" + urllib.parse.quote("/x/<script>alert(1)</script>", safe=""))
    ua = " ".join(td.text for td in driver.find_elements(By.CSS_SELECTOR, "td.ua"))
    check("an XSS payload in a user agent is shown as text", "<script>alert(1)</script>" in ua, ua)
    check("no injected script ran there either", no_alert() and len(driver.find_elements(By.TAG_NAME, "script")) == 1)

    # Issues: the list equals the API; an issue page shows the in-app frame and acts.
    api_issues = api("/api/v1/issues?from=now-1h&to=now")["issues"]
    driver.get(base + "/issues")
    issue_rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=issues-table] tbody tr")
    check("issue list has one row per unresolved issue", len(issue_rows) == len(api_issues) == 3,
          (len(issue_rows), len(api_issues)))
    check("issue rows have sparklines", len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=issues-table] svg.sparkline")) == 3)
    shot("issues")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=issues-table] tbody tr a.issue-title").click()
    wait_for(lambda d: "/issues/" in d.current_url and d.execute_script("return document.readyState") == "complete")
    in_app = driver.find_elements(By.CSS_SELECTOR, "[data-testid=issue-event] details.frame.in-app[open]")
    check("issue page opens the in-app frame with its context line",
          len(in_app) >= 1 and "result = process(order)" in in_app[0].text, len(in_app))
    check("issue page shows breadcrumbs and tags",
          "SELECT * FROM orders" in driver.page_source and "customer" in driver.find_element(By.CSS_SELECTOR, "[data-testid=issue-tags]").text)
    shot("issue")
    driver.find_element(By.XPATH, "//button[@value='resolved']").click()
    wait_for(lambda d: len(d.find_elements(By.XPATH, "//button[@value='unresolved']")) > 0)
    check("resolve from the issue page", len(driver.find_elements(By.XPATH, "//button[@value='unresolved']")) == 1)

    # Slow queries: the ranked table equals the API; markers; the class page.
    api_classes = api("/api/v1/slowqueries?from=now-1h&to=now")["classes"]
    driver.get(base + "/slow-queries?range=1h")
    class_rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=slowquery-table] tbody tr")
    check("slow query table has one row per class", len(class_rows) == len(api_classes) > 5,
          (len(class_rows), len(api_classes)))
    check("slow query table is ranked like the API",
          [r.get_attribute("data-class") for r in class_rows] == [c["id"] for c in api_classes])
    check("avg and max panels draw a line per top class",
          len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=slowquery-avg] svg path.line")) >= 5
          and len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=slowquery-max] svg path.line")) >= 5)
    check("a class that got slower is marked", len(driver.find_elements(By.CSS_SELECTOR, ".badge.slower")) >= 1)
    check("a class new in the last hour is marked", len(driver.find_elements(By.CSS_SELECTOR, ".badge.new")) >= 1)
    shot("slow-queries")
    class_rows[0].find_element(By.CSS_SELECTOR, "td.query a").click()
    wait_for(lambda d: "/slow-queries/" in d.current_url and d.execute_script("return document.readyState") == "complete")
    check("class page shows its fingerprint", api_classes[0]["fingerprint"] in
          driver.find_element(By.CSS_SELECTOR, "[data-testid=fingerprint]").text)
    calls = driver.find_elements(By.CSS_SELECTOR, "[data-testid=slowquery-samples] tr.statement")
    check("class page lists its slowest calls", 1 <= len(calls) <= 10, len(calls))
    shot("slow-query")

    # Traces: the list equals the API, the scatter draws them, a trace's waterfall has every
    # span with its critical path; the service map and the bottlenecks.
    api_traces = api("/api/v1/traces?from=now-1h&to=now&limit=500")["traces"]
    driver.get(base + "/traces?range=1h")
    trace_rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=trace-table] tbody tr")
    check("trace table lists what the API finds", [r.get_attribute("data-trace") for r in trace_rows] == [t["trace_id"] for t in api_traces] and len(trace_rows) > 50,
          (len(trace_rows), len(api_traces)))
    check("latency scatter draws the traces", len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=trace-scatter] svg circle")) >= 50)
    shot("traces")
    slow_trace = max(api_traces, key=lambda t: t["duration_ms"])
    spans = api("/api/v1/traces/" + slow_trace["trace_id"])["spans"]
    driver.get(base + "/traces/" + slow_trace["trace_id"])
    rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=trace-waterfall] .wf-row")
    check("waterfall has a row per span", len(rows) == len(spans), (len(rows), len(spans)))
    check("the critical path is highlighted", len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=trace-waterfall] .wf-row.critical")) >= 2)
    sql = driver.find_elements(By.CSS_SELECTOR, "[data-testid=span-slowquery-link]")
    check("SQL spans link to their slow-query class", len(sql) >= 1 and "/slow-queries/" in sql[0].get_attribute("href"))
    shot("trace")
    api_map = api("/api/v1/servicemap?from=now-1h&to=now")
    driver.get(base + "/service-map?range=1h")
    nodes = driver.find_elements(By.CSS_SELECTOR, "[data-testid=service-map] svg g.node")
    check("service map draws every node of the API", len(nodes) == len(api_map["nodes"]) >= 5, (len(nodes), len(api_map["nodes"])))
    check("service map draws every edge", len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=service-map] svg g.edge")) == len(api_map["edges"]))
    check("a failing call is coloured", len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=service-map] svg g.edge.health-warning, [data-testid=service-map] svg g.edge.health-critical")) >= 1)
    shot("service-map")
    driver.get(base + "/bottlenecks?range=1h&service=orders&operation=" + urllib.parse.quote("GET /reports/{date}"))
    parts = driver.find_elements(By.CSS_SELECTOR, "[data-testid=bottleneck-table] tbody tr")
    check("bottlenecks break the endpoint down", len(parts) >= 2)
    check("the N+1 queries lead the reports endpoint", parts[0].get_attribute("data-category") == "db" if parts else False)
    shot("bottlenecks")

    # Ingest health.
    driver.get(base + "/ingest")
    sources = driver.find_elements(By.CSS_SELECTOR, "[data-testid=ingest-sources] tbody tr")
    check("ingest health lists the push source", len(sources) >= 1)
    check("ingest health shows bad line examples", "not an access log line" in driver.page_source)
    shot("ingest")


    # Logs: type a query in the editor (highlighting, completion), run it with Ctrl+Enter,
    # see the table and chart equal the API's answer, save it, put it on the Overview.
    driver.get(base + "/logs")
    check("logs page title", driver.title == "Logs · Lookout", driver.title)
    check("logs page renders the default query's chart",
          len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=query-chart] svg.chart")) == 1)
    editor = driver.find_element(By.CSS_SELECTOR, "[data-testid=query-input]")
    wait_for(lambda d: d.execute_script("return performance.getEntriesByType('resource').some(function (e) { return e.name.indexOf('/api/v1/query/fields') >= 0 && e.responseEnd > 0; })"), 10)
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys("source requests | st")
    completions = driver.find_element(By.CSS_SELECTOR, "[data-testid=completions]")
    check("typing after a pipe offers the commands",
          completions.is_displayed() and "stats" in completions.text, completions.text)
    editor.send_keys(Keys.TAB)
    editor.send_keys("count(*) as requests by bin(5m), status_c")
    offered = completions.text if completions.is_displayed() else ""
    check("completion offers the source's fields", "status_class" in offered, offered)
    editor.send_keys(Keys.TAB)
    typed = editor.get_attribute("value")
    expected_query = "source requests | stats count(*) as requests by bin(5m), status_class"
    check("Tab accepts the completions", typed == expected_query, typed)
    spans = {t: [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".editor pre .tok-" + t)]
             for t in ("command", "function", "number", "pipe", "keyword")}
    check("the editor highlights commands, functions, numbers, pipes and keywords",
          spans["command"] == ["source", "stats"] and spans["function"] == ["count", "bin"]
          and spans["number"] == ["5m"] and spans["pipe"] == ["|"] and "by" in spans["keyword"], spans)
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    wait_for(lambda d: "q=" in d.current_url and d.execute_script("return document.readyState") == "complete")
    result_url = driver.current_url
    table_rows = len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=query-table] tbody tr"))
    lines = len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=query-chart] svg.chart.timeseries path.line"))
    stats_text = driver.find_element(By.CSS_SELECTOR, "[data-testid=query-stats]").text
    shot("logs")
    answer = api("/api/v1/query?from=now-1h&to=now&q=" + urllib.parse.quote(expected_query))
    check("Ctrl+Enter runs the query: the table has the API's rows",
          table_rows == len(answer["result"]["rows"]) > 10, (table_rows, len(answer["result"]["rows"])))
    classes = sorted(set(row[1] for row in answer["result"]["rows"]))
    check("the chart draws a line per status class", lines == len(classes) >= 2, (lines, classes))
    check("the cost of the query is shown", "rows scanned" in stats_text, stats_text)

    driver.get(result_url)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=save-name]").send_keys("Requests by class (browser)")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=save-button]").click()
    wait_for(lambda d: "saved=" in d.current_url and d.execute_script("return document.readyState") == "complete")
    saved = [q for q in api("/api/v1/saved-queries")["queries"] if q["name"] == "Requests by class (browser)"]
    check("save stores the query", len(saved) == 1 and saved[0]["query"] == expected_query, saved)
    if saved:
        driver.get(base + "/logs?saved=%d" % saved[0]["id"])
        row = driver.find_element(By.CSS_SELECTOR, "[data-testid=saved-queries] tr[data-saved-query='%d']" % saved[0]["id"])
        row.find_element(By.CSS_SELECTOR, "[data-testid=add-to-dashboard]").click()
        # The default panels have their own remove buttons: wait for this row's.
        wait_for(lambda d: d.execute_script("return document.readyState") == "complete"
                 and len(d.find_elements(By.CSS_SELECTOR, "tr[data-saved-query='%d'] [data-testid=remove-from-dashboard]" % saved[0]["id"])) > 0)
        driver.get(base + "/")
        panel = driver.find_elements(By.CSS_SELECTOR, "[data-testid=dashboard-panel][data-saved-query='%d']" % saved[0]["id"])
        check("the saved query is a panel on the Overview", len(panel) == 1)
        check("the panel draws its chart",
              len(panel) == 1 and len(panel[0].find_elements(By.CSS_SELECTOR, "svg.chart.timeseries path.line")) == len(classes))
        check("every default panel ran", len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=panel-error]")) == 0)
        driver.execute_script("document.querySelector('[data-testid=dashboard-panels]').scrollIntoView()")
        shot("dashboard")
        if panel:
            panel[0].find_element(By.CSS_SELECTOR, "[data-testid=open-in-logs]").click()
            wait_for(path_is("/logs"))
            editor = driver.find_element(By.CSS_SELECTOR, "[data-testid=query-input]")
            check("Open in Logs brings the panel's query to the editor",
                  editor.get_attribute("value") == expected_query, editor.get_attribute("value"))
            editor.send_keys(Keys.CONTROL, Keys.END)
            editor.send_keys(" | sort requests desc")
            driver.find_element(By.CSS_SELECTOR, "[data-testid=save-button]").click()
            wait_for(lambda d: "sort" in d.current_url and d.execute_script("return document.readyState") == "complete")
            stored = api("/api/v1/saved-queries/%d" % saved[0]["id"])
            check("Save changes writes the edited query back (PUT)",
                  stored["query"] == expected_query + " | sort requests desc" and stored["on_dashboard"], stored)
            driver.get(base + "/")
            driver.find_element(By.CSS_SELECTOR, "[data-testid=dashboard-panel][data-saved-query='%d'] [data-testid=panel-remove]" % saved[0]["id"]).click()
            wait_for(lambda d: d.execute_script("return document.readyState") == "complete"
                     and len(d.find_elements(By.CSS_SELECTOR, "[data-testid=dashboard-panel][data-saved-query='%d']" % saved[0]["id"])) == 0)
            check("Remove takes the panel off the Overview",
                  len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=dashboard-panel][data-saved-query='%d']" % saved[0]["id"])) == 0
                  and not api("/api/v1/saved-queries/%d" % saved[0]["id"])["on_dashboard"])

    # A query error is marked in the editor at its position.
    driver.get(base + "/logs?q=" + urllib.parse.quote("source requests | stats count(*) by nope"))
    marks = driver.find_elements(By.CSS_SELECTOR, ".editor pre mark.tok-error")
    check("a query error is marked in the editor", len(marks) == 1 and marks[0].text == "n",
          [m.text for m in marks])
    error_text = driver.find_element(By.CSS_SELECTOR, "[data-testid=query-error]").text
    check("the error says where", "line 1, column 37" in error_text, error_text)

    # Patterns of the request paths.
    driver.get(base + "/logs?tab=patterns&source=requests")
    pattern_rows = driver.find_elements(By.CSS_SELECTOR, "[data-testid=query-table] tbody tr")
    headers = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "[data-testid=query-table] thead th")]
    sample_at = headers.index("@sample") if "@sample" in headers else -1
    samples = [r.find_elements(By.TAG_NAME, "td")[sample_at].text for r in pattern_rows]
    check("the patterns tab groups request paths, with a sample each",
          len(pattern_rows) >= 1 and all(s.startswith("/") for s in samples), (headers, samples[:5]))
    timelines = driver.find_elements(By.CSS_SELECTOR, "[data-testid=pattern-timeline] svg.sparkline")
    check("each pattern has its count over time as a sparkline",
          len(timelines) == len(pattern_rows) and len(timelines) >= 1, (len(timelines), len(pattern_rows)))

    # A custom range from the header's form, in the viewer's local time.
    driver.get(base + "/endpoints?sort=-p95")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=range-picker] summary").click()
    form = driver.find_element(By.CSS_SELECTOR, "[data-testid=custom-range]")
    fields = form.find_elements(By.CSS_SELECTOR, "input[type=datetime-local]")
    start = time.localtime(time.time() - 2 * 3600)
    end = time.localtime(time.time() - 1800)
    for field, moment in zip(fields, (start, end)):
        driver.execute_script("arguments[0].value = arguments[1]", field,
                              time.strftime("%Y-%m-%dT%H:%M", moment))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda d: "from=" in d.current_url and d.execute_script("return document.readyState") == "complete")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    expected_from = int(time.mktime(time.strptime(time.strftime("%Y-%m-%dT%H:%M", start), "%Y-%m-%dT%H:%M"))) * 1000000
    check("custom range form sends local time as µs and keeps the sort",
          query.get("from") == [str(expected_from)] and query.get("sort") == ["-p95"], query)

    # Environment picker: choosing staging narrows the numbers.
    driver.get(base + "/?env=staging")
    staging = api("/api/v1/endpoints?from=now-1h&to=now&env=staging")["routes"]
    driver.get(base + "/?env=staging")
    figures = {f.find_element(By.CLASS_NAME, "label").text: f.find_element(By.CLASS_NAME, "value").text
               for f in driver.find_elements(By.CSS_SELECTOR, "[data-testid=totals] .figure")}
    check("environment in the URL filters the overview",
          figures.get("Requests") == human_count(sum(r["count"] for r in staging)), figures)
finally:
    driver.quit()

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
