"""``python -m samarbejde_kg`` runs the command line."""
from samarbejde_kg.cli import main

if __name__ == "__main__":  # worker processes import this module too
    raise SystemExit(main())
