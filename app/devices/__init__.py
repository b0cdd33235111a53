"""Hardware at the counter: the thermal receipt printer and the cash drawer on it.

No Qt and no database here (import-linter holds it): the screens hand this
package plain settings and plain receipt lines, and it turns them into
ESC/POS bytes and sends them to the printer.
"""
