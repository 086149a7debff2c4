"""What a bench script sets before Django starts: production mode (as the app runs for real) on a
throwaway data directory, with a key of its own and plain HTTP on this machine."""
import os
import tempfile


def production_like() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radsmodell.settings")
    os.environ["RADSMODELL_DATA_DIR"] = tempfile.mkdtemp(prefix="radsmodell-bench-")
    os.environ.setdefault("RADSMODELL_SECRET_KEY", "bench-only-key-" + "x" * 50)
    os.environ.setdefault("RADSMODELL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("RADSMODELL_HTTPS", "0")
