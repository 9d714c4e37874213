"""python -m ui.static site/: the static edition (ui.site)."""
from ui.site import main

main()
