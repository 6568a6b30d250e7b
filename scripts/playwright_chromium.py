"""Print the path of the Chromium that `python -m playwright install chromium` downloaded.

CI on GitHub's runners installs the browser that way and exports this path as MALLETTE_CHROMIUM
(read by tests/conftest.py and scripts/bench_browser.py); elsewhere Debian's /usr/bin/chromium is used.
"""
from playwright.sync_api import sync_playwright

with sync_playwright() as p:
    print(p.chromium.executable_path)
