"""The linked-data pages in a real browser (Chromium, headless), as a person would use them.

CI installs Chromium and ChromeDriver from Debian (see the README's test command); on a
machine without them these tests are skipped, except under CI, where they must run.
"""
from __future__ import annotations

import os
import shutil

import pytest

from server_process import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"):
    pytest.skip("Chromium and ChromeDriver are not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=da"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def by(kind):
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def follow(browser, element):
    """Click a link or button and wait until the next page has loaded."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(by("TAG_NAME"), "html")
    element.click()
    wait = WebDriverWait(browser, 30)
    wait.until(expected_conditions.staleness_of(old))
    wait.until(lambda b: b.execute_script("return document.readyState") == "complete")


def test_from_the_index_to_an_explained_degree(server, browser):
    browser.get(server + "/?lang=da")   # the choice is remembered while browsing
    assert "Kommuner med samarbejdsbeskrivelser" in browser.find_element(by("TAG_NAME"), "main").text
    follow(browser, browser.find_element(by("LINK_TEXT"), "København"))
    assert browser.find_element(by("TAG_NAME"), "h1").text == "København (0101)"
    profile = browser.find_element(by("ID"), "profil-2025-05-01")
    assert "Kommuneprofil pr. 2025-05-01" in profile.text
    rows = profile.find_elements(by("CSS_SELECTOR"), "table tr")
    assert len(rows) == 6   # header and the five parameters
    follow(browser, browser.find_element(by("CSS_SELECTOR"), "#collaborations a"))
    degrees = browser.find_element(by("ID"), "degrees")
    assert "Personmodellen" in degrees.text and "Samlet" in degrees.text
    dominant = degrees.find_element(by("CSS_SELECTOR"), "td.dominant a")
    assert dominant.text.endswith("*")
    follow(browser, dominant)
    explanation = browser.find_element(by("ID"), "explanation")
    assert "regel:" in explanation.text and "Evidens" in explanation.text


def test_switching_to_english(server, browser):
    browser.get(server + "/samarbejde-kg/id/kommune/0101?lang=da")
    follow(browser, browser.find_element(by("LINK_TEXT"), "English"))
    assert "Municipal profile as of" in browser.find_element(by("TAG_NAME"), "main").text
    assert browser.find_element(by("TAG_NAME"), "html").get_attribute("lang") == "en"


def run_in_form(server, browser, query: str):
    """Type a query into the SPARQL page's form, send it, and return the results table."""
    browser.get(server + "/sparql")
    box = browser.find_element(by("ID"), "query")
    box.clear()
    box.send_keys(query)
    follow(browser, browser.find_element(by("CSS_SELECTOR"), "form button"))
    return browser.find_element(by("ID"), "results")


def test_the_sparql_form_shows_results_as_a_table(server, browser):
    table = run_in_form(server, browser, "SELECT ?m ?n WHERE { ?m a sk:Model ; skos:notation ?n } ORDER BY ?n")
    rows = table.find_elements(by("TAG_NAME"), "tr")
    assert [r.text for r in rows[1:]][0].endswith("P")
    assert len(rows) == 4


def test_a_missing_page_says_so_in_the_page_language(server, browser):
    browser.get(server + "/samarbejde-kg/id/kommune/9999?lang=da")
    assert "intet er udgivet" in browser.find_element(by("ID"), "message").text
    browser.get(server + "/samarbejde-kg/id/kommune/9999?lang=en")
    assert "nothing is published" in browser.find_element(by("ID"), "message").text


def test_a_result_iri_that_is_not_http_is_shown_as_text(server, browser):
    """An IRI from query results becomes a link only if a browser can follow it safely: a
    ``javascript:`` IRI would run script in the site's origin when clicked."""
    table = run_in_form(server, browser,
                        "SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.cookie)> <https://example.org/a> } }")
    assert [a.get_attribute("href") for a in table.find_elements(by("TAG_NAME"), "a")] == ["https://example.org/a"]
    assert "javascript:alert(document.cookie)" in table.text
