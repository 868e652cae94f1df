package dev.syncasync.report;

/**
 * The report's stylesheet, inlined in the page so that {@code index.html} is one file that
 * renders offline. Sync is blue, async orange and virtual reddish purple everywhere (Okabe-Ito
 * colours colour-blind readers can tell apart); red is kept for failures.
 */
final class ReportStyle {

    static final String CSS = """
            :root { --sync: #1f78b4; --async: #f07800; --virtual: #cc79a7; --failed: #e31a1c; --ink: #222; --faint: #777; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
                   max-width: 1240px; margin: 24px auto; padding: 0 16px; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            .meta { color: var(--faint); margin: 0 0 12px; }
            .lead { max-width: 960px; }
            nav a { margin-right: 14px; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
            table#results { border-collapse: collapse; font-size: 12.5px; width: 100%; }
            #results th, #results td { padding: 3px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
            #results thead th { background: #f3f3f3; text-align: center; border-bottom: 1px solid #ccc; }
            #results tbody.simulation { border-top: 2px solid #bbb; }
            #results td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            #results td.checked { font-weight: 700; }
            #results td.repeat { color: #bbb; }
            #results td.request { min-width: 190px; }
            #results .model { color: var(--faint); font-size: 11px; }
            #results tr[data-topology="sync"] td.topology { color: var(--sync); font-weight: 600; }
            #results tr[data-topology="async"] td.topology { color: var(--async); font-weight: 600; }
            #results tr[data-topology="virtual"] td.topology { color: var(--virtual); font-weight: 600; }
            #results td.bad { color: var(--failed); }
            #results td.verdict.agrees { color: #1a7f37; }
            #results td.verdict.disagrees { color: var(--failed); font-weight: 700; }
            #results td.verdict.disturbed { color: #9a6700; font-weight: 700; }
            #results td.verdict .note, #results td.verdict .attempts { font-weight: 400; font-size: 0.85em; color: #57606a; }
            .explain { color: #444; }
            .swatch { display: inline-block; width: 18px; height: 8px; margin: 0 3px 0 2px; }
            .swatch.queue { background: #c9d4de; }
            .swatch.pool { background: #e0a040; }
            .swatch.sync { background: var(--sync); }
            .swatch.async { background: var(--async); }
            .swatch.virtual { background: var(--virtual); }
            .swatch.failed { background: var(--failed); }
            figure { margin: 8px 0 14px; }
            figcaption { color: #333; font-size: 13px; margin-top: 2px; }
            svg { max-width: 100%; height: auto; display: block; }
            svg text { font: 10px ui-monospace, "DejaVu Sans Mono", monospace; fill: #444; }
            svg .grid { stroke: #d6d6d6; stroke-width: 0.6; }
            svg .band.even { fill: #f7f7f7; }
            svg .band.odd { fill: #ededed; }
            svg.gantt .bar.service { fill: #555; }
            svg.gantt .bar.queue { fill: #555; opacity: 0.22; }
            svg.gantt[data-topology="sync"] .bar { fill: var(--sync); }
            svg.gantt[data-topology="async"] .bar { fill: var(--async); }
            svg.gantt[data-topology="virtual"] .bar { fill: var(--virtual); }
            svg.gantt .bar.service.failed { fill: var(--failed); }
            svg.gantt[data-topology] .bar.pool { fill: #e0a040; opacity: 0.8; }
            .cdfs { display: flex; flex-wrap: wrap; gap: 8px 24px; }
            .cdfs figure { width: 540px; }
            svg .cdf { fill: none; stroke-width: 2; }
            svg .cdf.sync, svg .key.sync { stroke: var(--sync); stroke-width: 2.5; }
            svg .cdf.async, svg .key.async { stroke: var(--async); stroke-width: 2.5; }
            svg .cdf.virtual, svg .key.virtual { stroke: var(--virtual); stroke-width: 2.5; }
            """;

    private ReportStyle() {
    }
}
