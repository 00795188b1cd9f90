"""Screenshots of the chat widget in English, Arabic and Urdu at 360x740, after one exchange.

Why: reviewers (and translators) check RTL layout, script rendering and that the exit button
stays visible, without running Rasa. Reuses the fake Rasa and server helpers of
tests/web/test_widget_browser.py so the pictures show exactly what the browser tests drive.

Run from the project root:  .venv/bin/python -m web.screenshots   (or python web/screenshots.py)
Writes docs/screenshots/widget-{en,ar,ur}.png. Needs /usr/bin/chromium (Debian package).
"""
from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "docs" / "screenshots"
MESSAGES = {
    "en": "He checks my phone and won't let me see my sister.",
    "ar": "زوجي يفتش هاتفي ولا يسمح لي برؤية أختي.",
    "ur": "میرا شوہر میرا فون چیک کرتا ہے اور مجھے بہن سے ملنے نہیں دیتا۔",
}


def _browser_test_helpers() -> ModuleType:
    """Load the browser test module by path (tests/web is not a package)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    path = ROOT / "tests" / "web" / "test_widget_browser.py"
    spec = importlib.util.spec_from_file_location("signpost_widget_browser_helpers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    """Start fake Rasa and the web server, then take one screenshot per language."""
    from playwright.sync_api import sync_playwright

    helpers = _browser_test_helpers()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    fake = helpers.FakeRasa().start()
    with tempfile.TemporaryDirectory() as tmp:
        server = helpers.start_web_server(fake.url, Path(tmp) / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = helpers.launch_chromium(playwright)
                for lang, message in MESSAGES.items():
                    context = browser.new_context(viewport={"width": 360, "height": 740})
                    page = context.new_page()
                    page.goto(server.url + "/")
                    page.wait_for_selector("#sp-input")
                    if lang != "en":
                        page.select_option("#sp-lang", lang)
                        page.wait_for_function(
                            "l => document.getElementById('signpost-widget').getAttribute('lang') === l",
                            arg=lang,
                        )
                    helpers.send(page, message, 1)
                    # Scroll so the widget starts just under the sticky exit bar.
                    page.evaluate(
                        """() => {
                            const bar = document.querySelector('.sp-exit-bar');
                            const widget = document.getElementById('signpost-widget');
                            const top = widget.getBoundingClientRect().top + window.scrollY;
                            window.scrollTo(0, top - bar.offsetHeight - 8);
                        }"""
                    )
                    page.locator("#sp-input").blur()
                    target = OUT_DIR / f"widget-{lang}.png"
                    page.screenshot(path=str(target))
                    print(f"wrote {target.relative_to(ROOT)}")
                    context.close()
                browser.close()
        finally:
            server.stop()
            fake.stop()


if __name__ == "__main__":
    main()
