"""Running a command as an ordinary user would, from tests that run as root.

Root ignores permission bits. Dropping to another user (`nobody`) needs that user to reach the
checkout and its interpreter, which a checkout under a private folder (`mktemp -d`, 0700) does
not allow. So the command stays root but loses the capabilities that override the bits
(`setpriv --bounding-set -dac_override,-dac_read_search`): a file's bits then apply to root as
its owner, or as anyone else on a file owned by `nobody`.
"""

import shutil

NOBODY = 65534
SETPRIV = shutil.which("setpriv")
WITHOUT_OVERRIDE = [SETPRIV or "setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
