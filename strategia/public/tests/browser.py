"""Headless Chromium for the browser tests and the screenshots (``make screenshots``).

Selenium drives the Chromium and chromedriver of the machine (``/usr/bin``); the
viewport is set exactly through the DevTools protocol, so "390 px wide" means a
390 px layout viewport, not a window of that size with its borders.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MISSING = f"needs headless Chromium at {CHROMIUM} and chromedriver at {CHROMEDRIVER}"


def available() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


class Browser:
    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="strategia-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={self.profile}",
        ):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(
            service=Service(executable_path=str(CHROMEDRIVER)), options=options
        )

    def open(self, url: str, *, width: int, height: int = 900) -> None:
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        self.driver.get(url)

    def is_styled(self) -> bool:
        """Whether the site's stylesheet was applied (the header is sea blue): a page
        measured without its CSS would prove nothing."""
        colour = self.script(
            "return getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        return colour == "rgb(11, 57, 84)"

    def script(self, source: str):
        return self.driver.execute_script(source)

    def scroll_width(self) -> int:
        return int(self.script("return document.documentElement.scrollWidth"))

    def screenshot(self, path: Path, *, width: int, max_height: int = 6000) -> None:
        """The whole page (up to ``max_height``) as a PNG, its lazy images loaded: a reader
        scrolling down sees them, so the picture of the whole page should too."""
        self.load_lazy_images()
        height = min(int(self.script("return document.documentElement.scrollHeight")), max_height)
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def load_lazy_images(self, timeout: float = 10) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        self.script(
            "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
        )
        WebDriverWait(self.driver, timeout).until(
            lambda driver: driver.execute_script(
                "return [...document.images].every(i => i.complete)"
            )
        )

    def close(self) -> None:
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)
