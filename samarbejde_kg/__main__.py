"""``python -m samarbejde_kg`` runs the command line."""
from samarbejde_kg.cli import main

raise SystemExit(main())
