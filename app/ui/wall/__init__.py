"""The watch wall: up to twelve live sessions at once, one tile per streamer
(`WallView`, `WallTile`), the milestone queue (`BannerQueue`) and one feed of
every session's events. A room between the shell and the view: the shell
shows it, and it uses the view's parts and the shared widgets."""
