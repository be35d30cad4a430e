#!/usr/bin/env python3
"""Writes the Kibana saved objects of dashboards/kibana/*.ndjson.

Not part of the build: the generated .ndjson files are committed and embedded in the esabridge binary. Run it
after changing a panel (python3 dashboards/kibana/tools/generate.py) and commit its output; the tests in
tests/EsaBridge.Tests/Assets check the files, not this script.

Objects are written for Kibana 8.11 (the oldest Kibana supported; newer ones migrate them on import): Lens
panels by value in the 8.11 state shape (formBased datasource, partition "metrics", lnsMetric), dashboard
typeMigrationVersion 8.9.0, index-pattern 8.0.0, coreMigrationVersion 8.8.0. Every id is derived from a name
(uuid5), so running the script twice gives the same files.
"""

import json
import uuid
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent
NS = uuid.UUID("6f0c1d52-3b7e-4c61-9a55-2d4be1a0e5c7")

class View:
    """A data view: its id, index pattern and display name."""

    def __init__(self, vid, title, name):
        self.id = vid
        self.title = title
        self.name = name


SESSIONS = View("esabridge-session", "logs-cisco_esa.session-*", "EsaBridge sessions (Cisco ESA)")
CONNECTIONS = View("esabridge-connection", "logs-cisco_esa.connection-*", "EsaBridge connections (Cisco ESA)")
PANEL_VERSION = "8.11.0"
CORE_MIGRATION = "8.8.0"
DASHBOARD_MIGRATION = "8.9.0"
INDEX_PATTERN_MIGRATION = "8.0.0"


def uid(*parts):
    return str(uuid.uuid5(NS, "/".join(parts)))


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def kql(query):
    return {"query": query, "language": "kuery"}


# ---------------------------------------------------------------- columns


def count(label="Messages"):
    return {
        "label": label,
        "dataType": "number",
        "operationType": "count",
        "isBucketed": False,
        "scale": "ratio",
        "sourceField": "___records___",
        "params": {"emptyAsNull": True},
        "customLabel": True,
    }


def date_histogram():
    return {
        "label": "@timestamp",
        "dataType": "date",
        "operationType": "date_histogram",
        "sourceField": "@timestamp",
        "isBucketed": True,
        "scale": "interval",
        "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False},
    }


def terms(field, label, order_by, size=10, data_type="string", other=True, missing=False):
    return {
        "label": label,
        "dataType": data_type,
        "operationType": "terms",
        "sourceField": field,
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": order_by},
            "orderDirection": "desc",
            "otherBucket": other,
            "missingBucket": missing,
            "parentFormat": {"id": "terms"},
            "include": [],
            "exclude": [],
            "includeIsRegex": False,
            "excludeIsRegex": False,
        },
        "customLabel": True,
    }


def percentile(field, pct, label):
    return {
        "label": label,
        "dataType": "number",
        "operationType": "percentile",
        "sourceField": field,
        "isBucketed": False,
        "scale": "ratio",
        "params": {"percentile": pct},
        "customLabel": True,
    }


def max_of(field, label, data_type="number"):
    return {
        "label": label,
        "dataType": data_type,
        "operationType": "max",
        "sourceField": field,
        "isBucketed": False,
        "scale": "ratio",
        "params": {"emptyAsNull": True},
        "customLabel": True,
    }


def min_of(field, label, data_type="number"):
    return dict(max_of(field, label, data_type), operationType="min")


def last_value(field, label, data_type):
    return {
        "label": label,
        "dataType": data_type,
        "operationType": "last_value",
        "sourceField": field,
        "isBucketed": False,
        "scale": "ratio" if data_type == "number" else "ordinal",
        "params": {"sortField": "@timestamp", "showArrayValues": True},
        "customLabel": True,
    }


def ranges(field, label, bounds):
    """Fixed intervals (Lens "Intervals" in range mode): one bucket per [from, to), the last one open."""
    rs = [{"from": a, "to": b, "label": ""} for a, b in zip(bounds, bounds[1:])]
    rs.append({"from": bounds[-1], "to": None, "label": ""})
    return {
        "label": label,
        "dataType": "string",
        "operationType": "range",
        "sourceField": field,
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "type": "range",
            "ranges": rs,
            "maxBars": "auto",
            "includeEmptyRows": True,
            "parentFormat": {"id": "range", "params": {"template": "arrow_right", "replaceInfinity": True}},
        },
        "customLabel": True,
    }


def histogram(field, label, max_bars):
    return {
        "label": label,
        "dataType": "number",
        "operationType": "range",
        "sourceField": field,
        "isBucketed": True,
        "scale": "interval",
        "params": {
            "type": "histogram",
            "ranges": [{"from": 0, "to": 1000, "label": ""}],
            "maxBars": max_bars,
            "includeEmptyRows": True,
        },
        "customLabel": True,
    }


# ---------------------------------------------------------------- visualizations


XY_COMMON = {
    "legend": {"isVisible": True, "position": "right", "legendSize": "auto"},
    "valueLabels": "hide",
    "fittingFunction": "None",
    "axisTitlesVisibilitySettings": {"x": False, "yLeft": True, "yRight": True},
    "tickLabelsVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
    "gridlinesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
    "labelsOrientation": {"x": 0, "yLeft": 0, "yRight": 0},
    "yLeftExtent": {"mode": "full"},
    "yRightExtent": {"mode": "full"},
    "yLeftScale": "linear",
    "yRightScale": "linear",
}


class Lens:
    """One by-value Lens panel with a single layer."""

    def __init__(self, key, title, vis_type, query="", view=SESSIONS):
        self.view = view
        self.key = key
        self.title = title
        self.vis_type = vis_type
        self.query = query
        self.layer = uid(key, "layer")
        self.columns = {}
        self.order = []
        self.visualization = None

    def col(self, name, column):
        cid = uid(self.key, "column", name)
        self.columns[cid] = column
        self.order.append(cid)
        return cid

    def xy(self, series, x, accessors, split=None, legend=True, value_labels="hide"):
        layer = {
            "layerId": self.layer,
            "layerType": "data",
            "seriesType": series,
            "xAccessor": x,
            "accessors": accessors,
            "position": "top",
            "showGridlines": False,
        }
        if split is not None:
            layer["splitAccessor"] = split
        vis = dict(XY_COMMON)
        vis["preferredSeriesType"] = series
        vis["valueLabels"] = value_labels
        vis["legend"] = dict(vis["legend"], isVisible=legend)
        vis["layers"] = [layer]
        self.visualization = vis
        return self

    def metric(self, accessor, color=None):
        vis = {"layerId": self.layer, "layerType": "data", "metricAccessor": accessor}
        if color is not None:
            vis["color"] = color
        self.visualization = vis
        return self

    def donut(self, group, metric):
        self.visualization = {
            "shape": "donut",
            "layers": [
                {
                    "layerId": self.layer,
                    "layerType": "data",
                    "primaryGroups": [group],
                    "metrics": [metric],
                    "numberDisplay": "percent",
                    "categoryDisplay": "default",
                    "legendDisplay": "default",
                    "nestedLegend": False,
                }
            ],
        }
        return self

    def table(self, hidden=(), sort=None, page_size=20):
        vis = {
            "layerId": self.layer,
            "layerType": "data",
            "columns": [dict({"columnId": c}, **({"hidden": True} if c in hidden else {})) for c in self.order],
            "rowHeight": "single",
            "rowHeightLines": 1,
            "paging": {"enabled": True, "size": page_size},
        }
        if sort is not None:
            vis["sorting"] = {"columnId": sort, "direction": "desc"}
        self.visualization = vis
        return self

    def reference_name(self):
        return f"indexpattern-datasource-layer-{self.layer}"

    def attributes(self):
        return {
            "title": self.title,
            "description": "",
            "visualizationType": self.vis_type,
            "type": "lens",
            "references": [{"type": "index-pattern", "id": self.view.id, "name": self.reference_name()}],
            "state": {
                "visualization": self.visualization,
                "query": kql(self.query),
                "filters": [],
                "datasourceStates": {
                    "formBased": {
                        "layers": {
                            self.layer: {
                                "columns": self.columns,
                                "columnOrder": self.order,
                                "incompleteColumns": {},
                                "sampling": 1,
                            }
                        }
                    },
                    "textBased": {"layers": {}},
                },
                "internalReferences": [],
                "adHocDataViews": {},
            },
        }


def top_values(key, title, field, label, query, size=10, data_type="string", series="bar_horizontal"):
    lens = Lens(key, title, "lnsXY", query)
    n = lens.col("count", count())
    t = lens.col("terms", terms(field, label, n, size=size, data_type=data_type, other=False))
    lens.order = [t, n]
    return lens.xy(series, t, [n], legend=False, value_labels="show")


# ---------------------------------------------------------------- dashboards


class Dashboard:
    def __init__(self, did, title, description, view=SESSIONS):
        self.view = view
        self.id = did
        self.title = title
        self.description = description
        self.panels = []
        self.controls = []

    def add(self, lens, x, y, w, h):
        self.panels.append((uid(self.id, "panel", lens.key), lens, (x, y, w, h)))

    def control(self, field, title, width="medium"):
        self.controls.append((uid(self.id, "control", field), field, title, width))

    def saved_object(self):
        panels = []
        references = []
        for index, lens, (x, y, w, h) in self.panels:
            panels.append(
                {
                    "version": PANEL_VERSION,
                    "type": "lens",
                    "gridData": {"x": x, "y": y, "w": w, "h": h, "i": index},
                    "panelIndex": index,
                    "embeddableConfig": {"attributes": lens.attributes(), "enhancements": {}},
                    "title": lens.title,
                }
            )
            references.append(
                {"type": "index-pattern", "id": lens.view.id, "name": f"{index}:{lens.reference_name()}"}
            )
        attributes = {
            "title": self.title,
            "description": self.description,
            "version": 1,
            # Stored with the dashboard: without it Kibana opens on its default "last 15 minutes", empty for
            # mail logs that arrive in batches; a week shows the trend the panels are about.
            "timeRestore": True,
            "timeFrom": "now-7d",
            "timeTo": "now",
            "refreshInterval": {"pause": True, "value": 60000},
            "panelsJSON": dumps(panels),
            "optionsJSON": dumps(
                {
                    "useMargins": True,
                    "syncColors": False,
                    "syncCursor": True,
                    "syncTooltips": False,
                    "hidePanelTitles": False,
                }
            ),
            "kibanaSavedObjectMeta": {"searchSourceJSON": dumps({"query": kql(""), "filter": []})},
        }
        if self.controls:
            controls = {}
            for order, (cid, field, title, width) in enumerate(self.controls):
                controls[cid] = {
                    "order": order,
                    "width": width,
                    "grow": True,
                    "type": "optionsListControl",
                    "explicitInput": {"id": cid, "fieldName": field, "title": title, "enhancements": {}},
                }
                references.append(
                    {"type": "index-pattern", "id": self.view.id, "name": f"controlGroup_{cid}:optionsListDataView"}
                )
            attributes["controlGroupInput"] = {
                "controlStyle": "oneLine",
                "chainingSystem": "HIERARCHICAL",
                "panelsJSON": dumps(controls),
                "ignoreParentSettingsJSON": dumps(
                    {"ignoreFilters": False, "ignoreQuery": False, "ignoreTimerange": False, "ignoreValidations": False}
                ),
            }
        return {
            "attributes": attributes,
            "coreMigrationVersion": CORE_MIGRATION,
            "id": self.id,
            "managed": False,
            "references": references,
            "type": "dashboard",
            "typeMigrationVersion": DASHBOARD_MIGRATION,
        }


def data_view(view):
    formats = {
        "event.duration": {
            "id": "duration",
            "params": {"inputFormat": "nanoseconds", "outputFormat": "humanizePrecise", "outputPrecision": 1},
        }
    }
    return {
        "attributes": {
            "title": view.title,
            "name": view.name,
            "timeFieldName": "@timestamp",
            "allowNoIndex": True,
            "fields": "[]",
            "fieldAttrs": "{}",
            "fieldFormatMap": dumps(formats),
            "runtimeFieldMap": "{}",
            "sourceFilters": "[]",
            "typeMeta": "{}",
        },
        "coreMigrationVersion": CORE_MIGRATION,
        "id": view.id,
        "managed": False,
        "references": [],
        "type": "index-pattern",
        "typeMigrationVersion": INDEX_PATTERN_MIGRATION,
    }


ABORTED = 'event.outcome : "failure"'
NEAR_TIMEOUT = "cisco.esa.abort.near_timeout : true"
LOST = 'cisco.esa.abort.class : "connection_lost"'
DELIVERED = 'cisco.esa.disposition : "delivered"'
BOUNCED = 'cisco.esa.recipients.status : "bounced"'
SPAM = 'cisco.esa.verdict.spam : ("positive" or "suspect")'
VIRUS = 'cisco.esa.verdict.antivirus : ("positive" or "encrypted" or "unscannable")'
AMP_MALWARE = 'cisco.esa.verdict.amp : "malware"'
DMARC_FAIL = 'cisco.esa.dmarc.result : "fail"'


def receiving_aborts():
    d = Dashboard(
        "esabridge-receiving-aborts",
        "ESA receiving aborts",
        "Cisco ESA messages that ended aborted (EsaBridge session documents): abort classes over time, aborts "
        "near the listener timeout, idle time before the abort, where connection_lost aborts come from, and the "
        "latest aborts.",
    )
    d.control("cisco.esa.abort.class", "Abort class")
    d.control("observer.hostname", "Appliance")

    near = Lens("near-timeout-metric", "Near-timeout aborts", "lnsMetric", NEAR_TIMEOUT)
    near.metric(near.col("count", count("Near-timeout aborts")), color="#E7664C")
    d.add(near, 0, 0, 12, 8)

    total = Lens("aborts-metric", "Aborted messages", "lnsMetric", ABORTED)
    total.metric(total.col("count", count("Aborted messages")))
    d.add(total, 12, 0, 12, 8)

    near_time = Lens("near-timeout-over-time", "Near-timeout aborts over time", "lnsXY", NEAR_TIMEOUT)
    x = near_time.col("time", date_histogram())
    near_time.xy("bar_stacked", x, [near_time.col("count", count("Near-timeout aborts"))], legend=False)
    d.add(near_time, 24, 0, 24, 8)

    by_class = Lens("aborts-by-class", "Aborts over time by class", "lnsXY", ABORTED)
    x = by_class.col("time", date_histogram())
    n = by_class.col("count", count("Aborted messages"))
    split = by_class.col("class", terms("cisco.esa.abort.class", "Abort class", n, size=10))
    by_class.order = [x, split, n]
    by_class.xy("bar_stacked", x, [n], split=split)
    d.add(by_class, 0, 8, 24, 15)

    idle = Lens("idle-histogram", "Idle seconds before the abort (10 s buckets)", "lnsXY", ABORTED)
    n = idle.col("count", count("Aborted messages"))
    bucket = idle.col("idle", ranges("cisco.esa.abort.idle_seconds", "Idle seconds", list(range(0, 601, 10))))
    idle.order = [bucket, n]
    idle.xy("bar", bucket, [n], legend=False)
    d.add(idle, 24, 8, 24, 15)

    d.add(top_values("lost-source-ip", "connection_lost: top source IPs", "source.ip", "Source IP", LOST,
                     data_type="ip"), 0, 23, 16, 12)
    d.add(top_values("lost-source-domain", "connection_lost: top reverse-DNS domains", "source.domain",
                     "Source domain", LOST), 16, 23, 16, 12)
    d.add(top_values("lost-sender-group", "connection_lost: top sender groups", "cisco.esa.connection.sender_group",
                     "Sender group", LOST), 32, 23, 16, 12)

    table = Lens("latest-aborts", "Latest aborts", "lnsDatatable", ABORTED)
    when = table.col("time", max_of("@timestamp", "Time", data_type="date"))
    row = table.col("event", terms("event.id", "Event id", when, size=100, other=False))
    cols = [
        table.col("mid", last_value("cisco.esa.mid", "MID", "number")),
        table.col("icid", last_value("cisco.esa.icid", "ICID", "number")),
        table.col("source", last_value("source.ip", "Source IP", "ip")),
        table.col("from", last_value("email.from.address", "Sender", "string")),
        table.col("to", last_value("email.to.address", "Recipients", "string")),
        table.col("class", last_value("cisco.esa.abort.class", "Abort class", "string")),
        table.col("idle", last_value("cisco.esa.abort.idle_seconds", "Idle seconds", "number")),
        table.col("duration", last_value("cisco.esa.duration_seconds", "Duration seconds", "number")),
    ]
    table.order = [row, when] + cols
    table.table(hidden=(row,), sort=when)
    d.add(table, 0, 35, 48, 20)
    return d


def sessions_overview():
    d = Dashboard(
        "esabridge-sessions-overview",
        "ESA sessions overview",
        "All Cisco ESA messages EsaBridge turned into session documents: outcomes over time, durations, top "
        "senders and recipients, SBRS and TLS.",
    )
    d.control("observer.hostname", "Appliance")
    d.control("event.outcome", "Outcome", width="small")

    outcome = Lens("messages-by-outcome", "Messages over time by outcome", "lnsXY")
    x = outcome.col("time", date_histogram())
    n = outcome.col("count", count())
    split = outcome.col("outcome", terms("event.outcome", "Outcome", n, size=3, other=False))
    outcome.order = [x, split, n]
    outcome.xy("bar_stacked", x, [n], split=split)
    d.add(outcome, 0, 0, 32, 14)

    tls = Lens("tls-share", "TLS share (connections)", "lnsPie", "cisco.esa.connection.lost : *")
    n = tls.col("count", count())
    group = tls.col("tls", terms("cisco.esa.connection.tls_label", "TLS", n, size=10))
    tls.order = [group, n]
    tls.donut(group, n)
    d.add(tls, 32, 0, 16, 14)

    pct = Lens("duration-percentiles", "Message duration percentiles (seconds)", "lnsXY")
    x = pct.col("time", date_histogram())
    accessors = [
        pct.col(f"p{p}", percentile("cisco.esa.duration_seconds", p, f"p{p} duration (s)")) for p in (50, 95, 99)
    ]
    pct.xy("line", x, accessors)
    d.add(pct, 0, 14, 24, 14)

    sbrs = Lens("sbrs-distribution", "SBRS distribution", "lnsXY", "cisco.esa.connection.sbrs : *")
    n = sbrs.col("count", count())
    bucket = sbrs.col("sbrs", histogram("cisco.esa.connection.sbrs", "SBRS", 20))
    sbrs.order = [bucket, n]
    sbrs.xy("bar", bucket, [n], legend=False)
    d.add(sbrs, 24, 14, 24, 14)

    d.add(top_values("sender-domains", "Top sender domains", "cisco.esa.sender_domain", "Sender domain", ""),
          0, 28, 12, 14)
    d.add(top_values("recipient-domains", "Top recipient domains", "cisco.esa.recipient_domain",
                     "Recipient domain", ""), 12, 28, 12, 14)
    d.add(top_values("sender-addresses", "Top senders", "email.from.address", "Sender", ""), 24, 28, 12, 14)
    d.add(top_values("recipient-addresses", "Top recipients", "email.to.address", "Recipient", ""), 36, 28, 12, 14)

    disposition = Lens("messages-by-disposition", "Messages over time by disposition", "lnsXY")
    x = disposition.col("time", date_histogram())
    n = disposition.col("count", count())
    split = disposition.col("disposition", terms("cisco.esa.disposition", "Disposition", n, size=8, other=False))
    disposition.order = [x, split, n]
    disposition.xy("bar_stacked", x, [n], split=split)
    d.add(disposition, 0, 42, 32, 14)

    # Delivered messages finish when their last recipient is delivered, so their duration is the delivery delay.
    delay = Lens("delivery-delay-percentiles", "Delivery delay percentiles (delivered messages, seconds)", "lnsXY",
                 DELIVERED)
    x = delay.col("time", date_histogram())
    accessors = [
        delay.col(f"p{p}", percentile("cisco.esa.duration_seconds", p, f"p{p} delay (s)")) for p in (50, 95, 99)
    ]
    delay.xy("line", x, accessors)
    d.add(delay, 32, 42, 16, 14)

    # Recipients are plain objects: a message with one bounced and one delivered recipient shows both codes; the
    # panels count messages with a bounce, by the codes and destinations they logged.
    d.add(top_values("bounce-status-codes", "Bounces by status code (messages with a bounced recipient)",
                     "cisco.esa.recipients.status_code", "Status code", BOUNCED), 0, 56, 16, 14)
    d.add(top_values("bounce-destinations", "Bounces by destination (messages with a bounced recipient)",
                     "cisco.esa.recipients.destination_ip", "Destination IP", BOUNCED, data_type="ip"), 16, 56, 16, 14)
    d.add(top_values("bounce-recipient-domains", "Bounces by recipient domain", "cisco.esa.recipient_domain",
                     "Recipient domain", BOUNCED), 32, 56, 16, 14)
    return d


def verdict_over_time(key, title, field, label, query):
    lens = Lens(key, title, "lnsXY", query)
    x = lens.col("time", date_histogram())
    n = lens.col("count", count())
    split = lens.col("verdict", terms(field, label, n, size=8))
    lens.order = [x, split, n]
    return lens.xy("bar_stacked", x, [n], split=split)


def threats_and_verdicts():
    d = Dashboard(
        "esabridge-threats-verdicts",
        "ESA threats and verdicts",
        "What the Cisco ESA's scanners said about each message (EsaBridge session documents): spam, antivirus, "
        "AMP, outbreak filters and DMARC over time, who sends what they flag, and the quarantines messages entered.",
    )
    d.control("observer.hostname", "Appliance")
    d.control("cisco.esa.verdict.spam", "Spam verdict", width="small")
    d.control("cisco.esa.disposition", "Disposition", width="small")

    for i, (key, title, field, label) in enumerate([
        ("spam-over-time", "Spam verdicts over time", "cisco.esa.verdict.spam", "Spam verdict"),
        ("antivirus-over-time", "Antivirus verdicts over time", "cisco.esa.verdict.antivirus", "Antivirus verdict"),
        ("amp-over-time", "AMP file reputation over time", "cisco.esa.verdict.amp", "AMP verdict"),
        ("outbreak-over-time", "Outbreak filter verdicts over time", "cisco.esa.verdict.outbreak", "Outbreak verdict"),
    ]):
        d.add(verdict_over_time(key, title, field, label, f"{field} : *"), (i % 2) * 24, (i // 2) * 14, 24, 14)

    d.add(verdict_over_time("dmarc-over-time", "DMARC results over time", "cisco.esa.dmarc.result", "DMARC result",
                            "cisco.esa.dmarc.result : *"), 0, 28, 24, 14)
    quarantines = Lens("quarantines-over-time", "Messages entering a quarantine", "lnsXY", "cisco.esa.quarantine : *")
    x = quarantines.col("time", date_histogram())
    n = quarantines.col("count", count())
    split = quarantines.col("quarantine", terms("cisco.esa.quarantine", "Quarantine", n, size=10))
    quarantines.order = [x, split, n]
    d.add(quarantines.xy("bar_stacked", x, [n], split=split), 24, 28, 24, 14)

    y = 42
    for key, what, query in [
        ("spam", "Spam", SPAM),
        ("virus", "Viruses", VIRUS),
        ("amp", "AMP malware", AMP_MALWARE),
        ("dmarc", "DMARC failures", DMARC_FAIL),
    ]:
        d.add(top_values(f"{key}-sender-domains", f"{what}: top sender domains", "cisco.esa.sender_domain",
                         "Sender domain", query), 0, y, 16, 12)
        d.add(top_values(f"{key}-senders", f"{what}: top senders", "email.from.address", "Sender", query),
              16, y, 16, 12)
        d.add(top_values(f"{key}-sources", f"{what}: top source IPs", "source.ip", "Source IP", query,
                         data_type="ip"), 32, y, 16, 12)
        y += 12

    threats = Lens("threat-names", "Threat names (antivirus, outbreak)", "lnsDatatable",
                   "cisco.esa.verdict.antivirus_threat : * or cisco.esa.verdict.outbreak_threat : *")
    n = threats.col("count", count())
    av = threats.col("av", terms("cisco.esa.verdict.antivirus_threat", "Antivirus threat", n, size=20, other=False,
                                 missing=True))
    ob = threats.col("outbreak", terms("cisco.esa.verdict.outbreak_threat", "Outbreak threat", n, size=10,
                                       other=False, missing=True))
    threats.order = [av, ob, n]
    d.add(threats.table(sort=n), 0, y, 24, 14)
    d.add(top_values("quarantine-names", "Quarantines", "cisco.esa.quarantine", "Quarantine", "cisco.esa.quarantine : *"),
          24, y, 24, 14)
    return d


LOST_OR_TIMED_OUT_WITHOUT_MESSAGE = (
    'cisco.esa.abort.class : ("connection_lost" or "timeout") and cisco.esa.message_count : 0'
)
HAT_REJECT = 'cisco.esa.connection.policy : ("REJECT" or "TCPREFUSE")'


def connections_and_firewalls():
    d = Dashboard(
        "esabridge-connections-firewalls",
        "ESA connections and firewalls",
        "One row per inbound SMTP connection (ICID), with or without a message: how connections end, the ones "
        "lost or timed out before any message, HAT rejects, durations, and a table to join with firewall and NAT "
        "logs on source IP and time.",
        view=CONNECTIONS,
    )
    d.control("observer.hostname", "Appliance")
    d.control("event.action", "Ending")

    ending = Lens("connections-by-ending", "Connections over time by ending", "lnsXY", view=CONNECTIONS)
    x = ending.col("time", date_histogram())
    n = ending.col("count", count("Connections"))
    split = ending.col("ending", terms("event.action", "Ending", n, size=5, other=False))
    ending.order = [x, split, n]
    ending.xy("bar_stacked", x, [n], split=split)
    d.add(ending, 0, 0, 32, 14)

    pct = Lens("connection-duration-percentiles", "Connection duration percentiles (seconds)", "lnsXY", view=CONNECTIONS)
    x = pct.col("time", date_histogram())
    accessors = [
        pct.col(f"p{p}", percentile("cisco.esa.duration_seconds", p, f"p{p} duration (s)")) for p in (50, 95, 99)
    ]
    pct.xy("line", x, accessors)
    d.add(pct, 32, 0, 16, 14)

    # Reverse DNS is absent where the appliance logged none: the missing bucket keeps those sources in the table.
    quiet = Lens("lost-timed-out-without-message", "Lost and timed-out connections without a message by source IP",
                 "lnsDatatable", LOST_OR_TIMED_OUT_WITHOUT_MESSAGE, view=CONNECTIONS)
    n = quiet.col("count", count("Connections"))
    ip = quiet.col("ip", terms("source.ip", "Source IP", n, size=50, data_type="ip", other=False))
    rdns = quiet.col("rdns", terms("source.domain", "Reverse DNS", n, size=3, other=False, missing=True))
    quiet.order = [ip, rdns, n]
    quiet.table(sort=n)
    d.add(quiet, 0, 14, 24, 16)

    rejects = Lens("hat-rejects", "HAT rejects by sender group and country", "lnsXY", HAT_REJECT, view=CONNECTIONS)
    n = rejects.col("count", count("Connections"))
    group = rejects.col("group", terms("cisco.esa.connection.sender_group", "Sender group", n, size=10, other=False))
    country = rejects.col("country", terms("cisco.esa.connection.country", "Country", n, size=10, missing=True))
    rejects.order = [group, country, n]
    rejects.xy("bar_horizontal_stacked", group, [n], split=country)
    d.add(rejects, 24, 14, 24, 16)

    # One row per connection (event.id, hidden), newest first: export it as CSV and join on source IP and time.
    table = Lens("firewall-join-table", "Connections for firewall correlation", "lnsDatatable", view=CONNECTIONS)
    start = table.col("start", min_of("event.start", "Start", data_type="date"))
    row = table.col("id", terms("event.id", "Connection", start, size=1000, other=False))
    ip = table.col("ip", last_value("source.ip", "Source IP", "ip"))
    end = table.col("end", max_of("event.end", "End", data_type="date"))
    duration = table.col("duration", max_of("cisco.esa.duration_seconds", "Duration (s)"))
    ending = table.col("ending", last_value("event.action", "Ending", "string"))
    table.order = [row, ip, start, end, duration, ending]
    table.table(hidden=(row,), sort=start, page_size=50)
    d.add(table, 0, 30, 48, 18)
    return d


def write(name, dashboard):
    lines = [dumps(data_view(dashboard.view)), dumps(dashboard.saved_object())]
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write("esabridge-connections-firewalls.ndjson", connections_and_firewalls())
    write("esabridge-receiving-aborts.ndjson", receiving_aborts())
    write("esabridge-sessions-overview.ndjson", sessions_overview())
    write("esabridge-threats-verdicts.ndjson", threats_and_verdicts())
