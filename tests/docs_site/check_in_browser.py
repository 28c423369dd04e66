# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Open every page of the built docs site in headless Chromium and check that it shows.

    check_in_browser.py HTML_DIR

Serves HTML_DIR over http on 127.0.0.1 (so that SVG objects load as they do on a web server)
and opens every .html file in it with Selenium and Debian's chromium-driver. A page passes when
it loads, every <img> has loaded (naturalWidth > 0), every inline <svg> has a size, every SVG
<object> (Graphviz diagrams) holds a loaded SVG document, and the browser logged no SEVERE
console message (a missing file, a script error). Prints each page with its pictures, then a
summary; exits 1 when any page fails.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMEDRIVER = os.environ.get('SL_CHROMEDRIVER', '/usr/bin/chromedriver')
CHROMIUM = os.environ.get('SL_CHROMIUM', '/usr/bin/chromium')

# Every picture of the page and whether it shows: [{'kind', 'src', 'ok'}].
PICTURES_JS = r"""
const done = arguments[arguments.length - 1];
const pictures = [];
const waitFor = (element) => new Promise((resolve) => {
  if (element.tagName === 'IMG' && element.complete) { resolve(); return; }
  element.addEventListener('load', resolve, {once: true});
  element.addEventListener('error', resolve, {once: true});
  setTimeout(resolve, 5000);
});
const objects = Array.from(document.querySelectorAll('object[type="image/svg+xml"]'));
const images = Array.from(document.images);
Promise.all(images.concat(objects).map(waitFor)).then(() => {
  for (const img of images) {
    pictures.push({kind: 'img', src: img.getAttribute('src'), ok: img.naturalWidth > 0});
  }
  for (const obj of objects) {
    const svg = obj.contentDocument && obj.contentDocument.documentElement;
    const ok = !!svg && svg.tagName.toLowerCase() === 'svg' && obj.getBoundingClientRect().width > 0;
    pictures.push({kind: 'object', src: obj.getAttribute('data'), ok: ok});
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement && svg.parentElement.closest('svg')) { continue; }
    const box = svg.getBoundingClientRect();
    // Icons hidden by the theme (display: none) have no box and are not pictures of the page.
    if (getComputedStyle(svg).display === 'none' || svg.closest('[hidden]')) { continue; }
    pictures.push({kind: 'svg', src: svg.id || svg.getAttribute('class') || 'inline svg', ok: box.width > 0 && box.height > 0});
  }
  done(pictures);
});
"""


def pages(root):
    for folder, _dirs, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith('.html'):
                yield os.path.relpath(os.path.join(folder, name), root).replace(os.sep, '/')


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass


def serve(root):
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                     '--window-size=1280,1024', '--no-first-run', '--disable-extensions',
                     '--disable-background-networking', '--disable-component-update'):
        options.add_argument(argument)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def check_page(driver, url):
    """(pictures, problems) of one page."""
    driver.get(url)
    problems = []
    if not driver.title:
        problems.append('no title: the page did not load')
    pictures = driver.execute_async_script(PICTURES_JS)
    problems += ['%s does not show: %s' % (p['kind'], p['src']) for p in pictures if not p['ok']]
    problems += ['console: %s' % entry['message'] for entry in driver.get_log('browser') if entry['level'] == 'SEVERE']
    return pictures, problems


def main(argv):
    if len(argv) != 2 or not os.path.isfile(os.path.join(argv[1], 'index.html')):
        sys.stderr.write('usage: %s HTML_DIR (a built site, with index.html)\n' % argv[0])
        return 2
    root = os.path.abspath(argv[1])
    server = serve(root)
    driver = browser()
    driver.set_script_timeout(30)
    failed, opened, shown = [], 0, 0
    try:
        for page in pages(root):
            pictures, problems = check_page(driver, 'http://127.0.0.1:%d/%s' % (server.server_port, page))
            opened += 1
            shown += sum(1 for p in pictures if p['ok'])
            print('%s %s: %d pictures%s' % ('FAIL' if problems else 'ok  ', page, len(pictures), ''.join(
                '\n      %s %s' % (p['kind'], p['src']) for p in pictures if p['kind'] != 'svg')))
            for problem in problems:
                print('      ' + problem)
            if problems:
                failed.append(page)
    finally:
        driver.quit()
        server.shutdown()
    print('%d pages opened in headless Chromium, %d pictures shown, %d pages failed%s' % (
        opened, shown, len(failed), (': ' + ', '.join(failed)) if failed else ''))
    return 1 if failed or not opened else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
