"""The Invoicing area's actions as one service object, as the screens call them.

Each responsibility lives in its own module: reading and settings in
``records``, posting in ``posting``, voids in ``voids``, credit notes in
``credits``. Payments and accounts are services of their own.
"""

from __future__ import annotations

from app.services.invoicing.credits import CreditNoteService
from app.services.invoicing.posting import PostingService
from app.services.invoicing.records import InvoiceRecordService
from app.services.invoicing.voids import VoidService


class InvoicingService(InvoiceRecordService, PostingService, VoidService, CreditNoteService):
    """Reading, posting, voiding and crediting invoices (``services.invoicing``)."""
