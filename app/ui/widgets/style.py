"""The application style sheet (kept in code so it ships inside the package)."""

BANNER_PT = 11
MAJOR_BANNER_PT = 15
"""The milestone banner's text sizes; its row's fixed height is measured from
the larger one (`app.ui.view.highlights.BannerStrip`)."""

STYLE = """
QLabel#headerStreamer { font-size: 18pt; font-weight: 600; }
QLabel#headerTitle { font-size: 12pt; color: #555; }
QLabel#headerClock { font-size: 20pt; font-weight: 600; font-family: monospace; min-width: 140px; }
QLabel#sourceStatus { padding: 3px 10px; border-radius: 10px; background: #e5e7eb; color: #374151; }
QLabel#sourceStatus[state="live"] { background: #dcfce7; color: #166534; }
QLabel#sourceStatus[state="bad"] { background: #fee2e2; color: #991b1b; }
QLabel#sourceStatus[state="finished"], QLabel#sourceStatus[state="ended"] {
    background: #e0e7ff; color: #3730a3; }
QFrame#tile { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }
QLabel#tileTitle { color: #6b7280; font-size: 9pt; }
QLabel#tileValue { font-size: 22pt; font-weight: 600; color: #111827; }
QLabel#tileSub { color: #6b7280; font-size: 8pt; }
QLabel#plotReadout { color: #374151; padding: 2px 4px; font-family: monospace; }
QFrame#interruptedBanner { background: #fef3c7; border-bottom: 1px solid #f59e0b; }
QLabel#placeholderText { font-size: 14pt; color: #6b7280; }
QLabel#formError { color: #b91c1c; }
QLineEdit#quickEntry { font-size: 12pt; padding: 4px 6px; }
QLabel#entryMessage[kind="error"] { color: #b91c1c; }
QLabel#entryMessage[kind="warning"] { color: #b45309; font-weight: 600; }
QLabel#entryMessage[kind="ok"] { color: #166534; }
QLabel#entryMessage[kind="info"] { color: #4b5563; }
QFrame#bannerStrip { background: transparent; }
QLabel#bannerQuiet { color: #6b7280; font-size: 9pt; padding-left: 4px; }
QFrame#milestoneBanner { background: #ede9fe; border: 1px solid #a78bfa; border-radius: 6px; }
QFrame#milestoneBanner[major="true"] {
    background: qlineargradient(x1:0, y1:0, x2:1, y2:0,
                                stop:0 #fde68a, stop:0.5 #fbbf24, stop:1 #f59e0b);
    border: 2px solid #d97706; }
QFrame#milestoneBanner QPushButton { padding: 1px 8px; }
QFrame#milestoneBanner[faded="true"] {
    background: #f5f3ff; border: 1px solid #ddd6fe; }
QFrame#milestoneBanner[faded="true"][major="true"] {
    background: #fef3c7; border: 2px solid #fcd34d; }
QFrame#milestoneBanner[faded="true"] QPushButton {
    background: transparent; border: none; color: #6b7280; }
QLabel#cardStatus { color: #374151; }
QLabel#cardStatus[kind="ok"] { color: #166534; }
QLabel#cardStatus[kind="error"] { color: #b91c1c; }
QPushButton#markButton { font-weight: 600; padding: 4px 12px; }
QLineEdit#noteEntry {
    font-size: 11pt; padding: 3px 6px; background: #fffbeb; border: 1px solid #f59e0b; }
QLabel#feedTitle { color: #6b7280; font-size: 9pt; }
QLabel#feedEmpty { color: #9ca3af; font-size: 9pt; }
QLabel#ingestInfo { background: #eef2ff; color: #3730a3; padding: 3px 8px; border-radius: 6px; }
"""

STYLE += f"""
QLabel#bannerText {{ font-size: {BANNER_PT}pt; font-weight: 600; color: #4c1d95; }}
QFrame#milestoneBanner[major="true"] QLabel#bannerText {{
    font-size: {MAJOR_BANNER_PT}pt; font-weight: 800; color: #7c2d12; }}
QFrame#milestoneBanner[faded="true"] QLabel#bannerText {{ color: #6d28d9; }}
QFrame#milestoneBanner[faded="true"][major="true"] QLabel#bannerText {{ color: #92400e; }}
"""
