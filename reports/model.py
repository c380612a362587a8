"""The built digest, shared by rendering (reports.digest), the MIME message (reports.message) and sending
(reports.send); in a module of its own so that none of them imports another in a circle."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reports import query
from reports.render import render

CHART_CID = "chart"


@dataclass
class Digest:
    """A built digest: its data, both renderings and the chart."""

    day: dt.date
    window: query.Window
    context: dict
    text: str
    chart: bytes
    empty: bool
    subject: str
    html_parts: dict = field(default_factory=dict)

    def html(self, chart_src: str) -> str:
        """The HTML with the chart at `chart_src` ("cid:…" in mail, a file name on disk)."""
        if chart_src not in self.html_parts:
            self.html_parts[chart_src] = render("digest.html", **self.context, chart_src=chart_src)
        return self.html_parts[chart_src]

    @property
    def stem(self) -> str:
        """digest-DAY, or digest-SINCE-to-DAY for a window longer than a day (`icic digest --since`)."""
        if self.window.hours != 24:
            return f"digest-{self.window.start.date().isoformat()}-to-{self.day.isoformat()}"
        return f"digest-{self.day.isoformat()}"
