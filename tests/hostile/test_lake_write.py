"""A lake write that fails part-way (a full disk) leaves neither a file nor its temporary."""

import subprocess
import sys
from pathlib import Path

from etl.settings import PROJECT_ROOT

# The file size limit makes the disk "full" 64 KB into the write; SIGXFSZ ignored turns the
# overflow into a write error, as a full disk does.
WRITER = """
import resource, signal, sys
from pathlib import Path
import numpy as np
import polars as pl
from etl.defs.resources import ParquetLakeIOManager

frame = pl.DataFrame({"noise": np.random.default_rng(0).bytes(4_000_000)}, schema={"noise": pl.Binary})
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
try:
    ParquetLakeIOManager._write(Path(sys.argv[1]), frame)
except Exception as error:
    print(type(error).__name__)
    sys.exit(3)
"""


def test_a_failed_lake_write_removes_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "lake" / "raw_html" / "2017-07-05.parquet"

    completed = subprocess.run(
        [sys.executable, "-c", WRITER, str(target)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == 3, completed.stderr[-2000:]
    assert list(target.parent.iterdir()) == []
