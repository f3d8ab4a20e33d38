#!/usr/bin/env python3
"""kensaku-server's page in a real headless Chromium (Selenium over chromium-driver).

Indexes corpus/ and the hostile articles, starts kensaku-server on an ephemeral loopback port and
drives the page: search by typing and Enter, a facet, an article and back, page 2, a keyboard-only
run, no console errors, no script of the hostile articles running; screenshots at 375 and 1280 px
go to --out. Exits 77 (skipped) when Chromium or Selenium is missing, unless
KENSAKU_REQUIRE_BROWSER=1, which makes that a failure.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

SKIP = 77


def missing(what):
    if os.environ.get("KENSAKU_REQUIRE_BROWSER") == "1":
        print(f"browser_test: {what} is missing and KENSAKU_REQUIRE_BROWSER=1", file=sys.stderr)
        sys.exit(1)
    print(f"browser_test: {what} is missing; skipped (scripts/setup --browser installs it)")
    sys.exit(SKIP)


try:
    import selenium  # noqa: F401
except ImportError:
    # Debian's python3-selenium, when another Python (pyenv, a venv) runs this script.
    sys.path.append("/usr/lib/python3/dist-packages")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    missing("python3-selenium")

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message, file=sys.stderr)


def start_server(args, work):
    index = os.path.join(work, "index")
    articles = os.path.join(work, "articles")
    shutil.copytree(os.path.join(args.source, "corpus"), articles)
    shutil.copy(os.path.join(args.source, "tests/data/server/hostile.jsonl"), articles)
    subprocess.run([args.index, "--db", index, "--quiet", articles], check=True)
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([args.server, "--db", index, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=log, text=True)
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        raise RuntimeError("kensaku-server did not start: " + line)
    return server, "http://127.0.0.1:" + match.group(1)


def make_driver(work):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        missing("chromium / chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--user-data-dir=" + os.path.join(work, "profile"),
                 "--window-size=1280,900"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def no_alerts(driver, where):
    # A hostile article's script would call alert(); none may run.
    try:
        alert = driver.switch_to.alert
        check(False, f"{where}: a script of an article ran (alert: {alert.text})")
        alert.dismiss()
    except Exception:
        pass


def search_flow(driver, base, out):
    wait = WebDriverWait(driver, 10)
    driver.get(base + "/")
    box = driver.find_element(By.ID, "q")
    box.send_keys("SM-6 co-production", Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits li.hit")))
    first = driver.find_element(By.CSS_SELECTOR, "ol.hits li.hit h2 a")
    check("003_" in first.get_attribute("href"), "article 003 comes first: " + first.get_attribute("href"))
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "ol.hits li.hit:first-child mark")]
    check("SM-6" in marks, f"SM-6 is marked in the first hit: {marks}")
    check(box_value(driver) == "SM-6 co-production", "the box keeps the query")
    for width in (375, 1280):
        driver.set_window_size(width, 900)
        driver.save_screenshot(os.path.join(out, f"search-{width}.png"))
        overflow = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
        check(not overflow, f"no horizontal scrolling at {width} px")
    driver.set_window_size(1280, 900)

    facet = driver.find_element(By.CSS_SELECTOR, "aside section.facet a")
    expected = facet.find_element(By.CSS_SELECTOR, ".count").text
    facet.click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.active")))
    summary = driver.find_element(By.CSS_SELECTOR, "h1.summary").text
    check(summary.endswith(" of " + expected), f"the filtered count is the facet's ({expected}): {summary}")
    driver.back()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits li.hit h2 a")))

    driver.find_element(By.CSS_SELECTOR, "ol.hits li.hit h2 a").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))
    check(len(driver.find_elements(By.CSS_SELECTOR, "article mark")) > 0, "the article marks the query words")
    driver.save_screenshot(os.path.join(out, "article-1280.png"))
    driver.back()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits")))
    check("SM-6" in driver.current_url or "SM-6" in box_value(driver), "back returns to the results")

    driver.get(base + "/?q=the+OR+missile+OR+japan+OR+hostile&limit=2")
    driver.find_element(By.CSS_SELECTOR, "nav.pages a[rel=next]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "nav.pages [aria-current=page]")))
    current = driver.find_element(By.CSS_SELECTOR, "nav.pages [aria-current=page]").text
    check(current == "2", f"page 2 is current: {current}")
    check("Showing 3–4 of" in driver.find_element(By.CSS_SELECTOR, "h1.summary").text, "page 2 shows hits 3–4")


def box_value(driver):
    return driver.find_element(By.ID, "q").get_attribute("value")


def keyboard_flow(driver, base):
    wait = WebDriverWait(driver, 10)
    driver.get(base + "/?q=missile")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("/")
    active = driver.switch_to.active_element
    check(active.get_attribute("id") == "q", "/ focuses the query box")
    active.send_keys(Keys.CONTROL, "a")
    active.send_keys("SM-6 co-production", Keys.ENTER)
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "h1.summary"), "Showing"))
    # Tab to the first result's link and follow it with Enter.
    for _ in range(40):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        element = driver.switch_to.active_element
        if element.tag_name == "a" and "/articles/" in (element.get_attribute("href") or ""):
            outline = driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", element)
            check(outline not in ("none", ""), f"focus is visible (outline {outline})")
            element.send_keys(Keys.ENTER)
            break
    else:
        check(False, "Tab never reached a result link")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))


def hostile_flow(driver, base):
    driver.get(base + "/?q=hostile")
    no_alerts(driver, "results")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "ol.hits h2 a")]
    check(len(links) >= 4, f"the hostile articles are found: {len(links)}")
    titles = driver.find_element(By.CSS_SELECTOR, "ol.hits").text
    check("<script>alert('title')</script>" in titles, "the hostile title shows as text")
    for link in links:
        driver.get(link)
        no_alerts(driver, link)
        hrefs = [a.get_attribute("href") or "" for a in driver.find_elements(By.TAG_NAME, "a")]
        check(not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs), f"{link}: no script links")
    check(driver.execute_script("return document.querySelectorAll('img,svg,iframe').length") == 0,
          "no element of an article's markup exists")


def main():
    parser = argparse.ArgumentParser()
    for name in ("--server", "--index", "--source", "--out"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="kensaku-browser-")
    server = None
    driver = None
    try:
        server, base = start_server(args, work)
        driver = make_driver(work)
        search_flow(driver, base, args.out)
        keyboard_flow(driver, base)
        hostile_flow(driver, base)
        errors = console_errors(driver)
        check(not errors, f"no console errors: {errors}")
    finally:
        if driver:
            driver.quit()
        if server:
            server.send_signal(signal.SIGTERM)
            check(server.wait(timeout=15) == 0, "kensaku-server exits 0 on SIGTERM")
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        print(f"browser_test: {len(FAILURES)} failures", file=sys.stderr)
        return 1
    print(f"browser_test: passed; screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
