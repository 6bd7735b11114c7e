"""One module per progress-file format, each holding its reading and its writing.

* :mod:`.yaml` — ``records:`` read with every node's position; records appended as text.
* :mod:`.csv` — rows read (a plain file column by column); records appended to a CSV ledger.
* :mod:`.xlsx` — a filled form or a 台账's 进度记录 sheet read (the workbooks zygj
  writes are outputs: :mod:`zygj.output.forms`, :mod:`zygj.output.workbook`).
* :mod:`.columns` — the header names all of them share, and one header map with one set
  of messages; :mod:`.cells` — the strict cell parser that types the plain forms.

The suffix → reader table and the checks against the plan are in :mod:`zygj.load.ledger`;
the domain types :class:`~zygj.core.progress.Record` and :class:`~zygj.core.progress.Ledger`
are in :mod:`zygj.core.progress`.
"""
