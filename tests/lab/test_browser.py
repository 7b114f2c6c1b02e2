"""End to end in Debian's Chromium: a lesson, its terminal, an exercise solved, a reload."""
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.lab.daphne_server import DaphneServer

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
LESSON = "/lessons/what-is-a-container/"


@pytest.fixture(scope="module")
def server():
    with DaphneServer() as running:
        yield running


@pytest.fixture
def page():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")   # never look for a downloaded browser
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("dialog", lambda dialog: dialog.accept())
        yield page
        browser.close()


def type_command(page, text):
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def terminal_text(page):
    return page.locator(".xterm-rows")


def test_a_student_runs_hello_world_solves_exercises_and_reloads(server, page):
    from playwright.sync_api import expect

    page.goto(server.url + LESSON)
    expect(page.locator("#connection")).to_have_text("connected")
    type_command(page, "docker run hello-world")
    expect(terminal_text(page)).to_contain_text("Hello from Docker!", timeout=15000)
    first = page.locator("#exercise-hello-docker")
    expect(first).to_have_class(re.compile(r"\bpassed\b"), timeout=10000)
    expect(first.locator(".status")).to_have_text("Done")

    second = page.locator("#exercise-kernel-features")
    second.locator("button.hint").click()
    expect(second.locator(".hints li").first).to_be_visible()
    second.locator("button.show-solution").click()            # the confirmation is accepted
    second.locator(".solution button.run").click()
    expect(second.locator(".status")).to_have_text("Done", timeout=10000)
    expect(page.locator("#diagram")).to_contain_text("hello-world")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lesson.png"))
    page.locator("#diagram").screenshot(path=str(ARTIFACTS / "diagram.png"))

    page.reload()
    expect(page.locator("#connection")).to_have_text("connected")
    expect(page.locator("#exercise-hello-docker .status")).to_have_text("Done")
    type_command(page, "docker ps -a --format '{{.Image}} {{.Status}}'")
    expect(terminal_text(page)).to_contain_text("hello-world Exited (0)", timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "lesson-after-reload.png"))


def test_the_playground_terminal_echoes_and_completes(server, page):
    from playwright.sync_api import expect

    page.goto(server.url + "/playground/")
    expect(page.locator("#connection")).to_have_text("connected")
    type_command(page, "nosuchcmd")
    expect(terminal_text(page)).to_contain_text("bash: nosuchcmd: command not found")
    page.keyboard.press("ArrowUp")
    expect(terminal_text(page)).to_contain_text("root@slipway:~# nosuchcmd")
    page.keyboard.press("Control+U")
    page.keyboard.type("docker ver")
    page.keyboard.press("Tab")
    expect(terminal_text(page)).to_contain_text("root@slipway:~# docker version ")
    page.keyboard.press("Shift+Tab")                          # keyboard users can leave the terminal
    expect(page.locator(".xterm-helper-textarea")).not_to_be_focused()


def test_the_diagram_shows_a_layer_shared_by_two_images(server, page):
    from playwright.sync_api import expect

    page.goto(server.url + "/playground/")
    expect(page.locator("#connection")).to_have_text("connected")
    type_command(page, "docker pull alpine")
    type_command(page, "docker pull nginx:alpine")
    type_command(page, "docker run -d --name web -p 8080:80 -v site:/usr/share/nginx/html nginx:alpine")
    expect(page.locator("#diagram .image")).to_have_count(2, timeout=15000)
    expect(page.locator("#diagram .layer.shared")).to_have_count(2)     # alpine's layer, in both stacks
    expect(page.locator("#diagram .container")).to_contain_text("0.0.0.0:8080->80/tcp")
    expect(page.locator("#diagram .volume")).to_contain_text("site← web")      # the volume and who mounts it
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#diagram").screenshot(path=str(ARTIFACTS / "diagram-shared-layers.png"))


def test_chromium_binary_is_debians():
    assert shutil.which("chromium") in (CHROMIUM, None)
