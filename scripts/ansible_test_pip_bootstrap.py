"""Let ansible-test create its per-test virtualenvs on a machine that reaches only PyPI.

ansible-test bootstraps pip in each venv by running ~/.ansible/test/cache/get_pip_X_Y.py,
which it normally downloads from a host that is not reachable here. This writes that
script itself: a small installer that runs pip from the matching pip wheel taken from PyPI.
Run it with the Python that runs ansible-test.
"""

import os
import subprocess
import sys

from ansible_test._internal.python_requirements import get_venv_packages

INSTALLER = '''"""get_pip stand-in written by scripts/ansible_test_pip_bootstrap.py"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), {wheel!r}))
from pip._internal.cli.main import main  # noqa: E402

arguments = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
sys.exit(main(['install', '--upgrade', '--force-reinstall'] + arguments))
'''


class _ThisPython:
    version = '%d.%d' % sys.version_info[:2]


def main():
    version = get_venv_packages(_ThisPython())['pip']
    cache = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache, exist_ok=True)
    wheel = 'pip-%s-py3-none-any.whl' % version
    if not os.path.exists(os.path.join(cache, wheel)):
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '--dest', cache,
                        'pip==%s' % version], check=True)
    target = os.path.join(cache, 'get_pip_%s.py' % version.replace('.', '_'))
    with open(target, 'w', encoding='utf-8') as handle:
        handle.write(INSTALLER.format(wheel=wheel))
    print('ansible-test pip bootstrap ready: %s (pip %s)' % (target, version))


if __name__ == '__main__':
    main()
