"""The work orders list, the estimate editor, authorization and printing."""
