<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>keep the database, settings and logs in DIR (also: $GENBO_DATA_DIR)</source>
        <translation>把数据库、设置和日志放在 DIR（也可用 $GENBO_DATA_DIR）</translation>
    </message>
    <message>
        <source>use the database server at URL instead of the data folder&apos;s file, e.g. postgresql+psycopg://user@host/genbo (also: $GENBO_DB_URL)</source>
        <translation>使用 URL 所指的数据库服务器，而不是数据文件夹里的文件，例如 postgresql+psycopg://user@host/genbo（也可用 $GENBO_DB_URL）</translation>
    </message>
    <message>
        <source>who rides along: stamped on the sessions recorded (also: $GENBO_OPERATOR; on a team server the URL&apos;s user name by default)</source>
        <translation>谁在跟播：记在录下的每个场次上（也可用 $GENBO_OPERATOR；团队服务器上默认为 URL 中的用户名）</translation>
    </message>
    <message>
        <source>Genbo (跟播): follow a live broadcast&apos;s numbers, live and in review.</source>
        <translation>Genbo 跟播：实时盯住直播间数据，下播后复盘。</translation>
    </message>
    <message>
        <source>start a simulated live session at once</source>
        <translation>立即开始一场模拟直播</translation>
    </message>
    <message>
        <source>open the wall on twelve simulated streamers at once</source>
        <translation>立即打开由 12 位模拟主播组成的跟播墙</translation>
    </message>
    <message>
        <source>with --source: start following NAME at once in the window</source>
        <translation>配合 --source：在窗口中立即开始跟播主播 NAME</translation>
    </message>
    <message>
        <source>open the window, let it draw once, and quit (checks an installation)</source>
        <translation>打开窗口、绘制一次后退出（检查安装是否正常）</translation>
    </message>
    <message>
        <source>record a session without the window</source>
        <translation>不开窗口，后台记录一场直播</translation>
    </message>
    <message>
        <source>store or forget a token or API key</source>
        <translation>保存或删除令牌、API 密钥</translation>
    </message>
    <message>
        <source>list recorded sessions</source>
        <translation>列出已记录的场次</translation>
    </message>
    <message>
        <source>paid traffic (投流): import 磁力金牛 / 千川 ad reports, ROI per streamer</source>
        <translation>投流：导入磁力金牛 / 千川投放报表，查看每位主播的 ROI</translation>
    </message>
    <message>
        <source>import an ad report export (CSV or XLSX): rows per day and plan</source>
        <translation>导入投放报表导出文件（CSV 或 XLSX）：按天 × 计划一行</translation>
    </message>
    <message>
        <source>the 磁力金牛 or 千川 export (.csv, .xlsx)</source>
        <translation>磁力金牛或千川导出的文件（.csv、.xlsx）</translation>
    </message>
    <message>
        <source>the day the export was made (default: today); older exports never overwrite</source>
        <translation>导出文件的日期（默认：今天）；较早的导出不会覆盖较新的数据</translation>
    </message>
    <message>
        <source>the report&apos;s platform when its columns do not say (磁力金牛: kuaishou, 千川: douyin)</source>
        <translation>列名看不出平台时指定报表平台（磁力金牛：kuaishou，千川：douyin）</translation>
    </message>
    <message>
        <source>read and match the file, store nothing</source>
        <translation>只读取并匹配文件，不保存</translation>
    </message>
    <message>
        <source>machine-readable output</source>
        <translation>输出机器可读格式</translation>
    </message>
    <message>
        <source>each streamer&apos;s spend and ROI per window (T0/T15/T30)</source>
        <translation>每位主播的消耗与各窗口 ROI（T0/T15/T30）</translation>
    </message>
    <message>
        <source>only this month, by day (default: every month)</source>
        <translation>只看这个月，按天列出（默认：所有月份）</translation>
    </message>
    <message>
        <source>one line per day or per month (default: by day with --month, else by month)</source>
        <translation>每天一行或每月一行（默认：给了 --month 时按天，否则按月）</translation>
    </message>
    <message>
        <source>{tool} report ({platform}), as of {as_of}: {n} rows read</source>
        <translation>{tool}报表（{platform}），截至 {as_of}：读取 {n} 行</translation>
    </message>
    <message>
        <source>Not read: {cols}</source>
        <translation>未读取的列：{cols}</translation>
    </message>
    <message>
        <source>Matched:</source>
        <translation>已匹配：</translation>
    </message>
    <message>
        <source>sessions {ids}</source>
        <translation>场次 {ids}</translation>
    </message>
    <message>
        <source>no session that day (stored for the day)</source>
        <translation>当天没有场次（按天保存）</translation>
    </message>
    <message>
        <source>row {row}: {day} plan {plan} → {streamer}; {sessions}; spend {spend}</source>
        <translation>第 {row} 行：{day} 计划 {plan} → {streamer}；{sessions}；消耗 {spend}</translation>
    </message>
    <message>
        <source>Not matched (not stored):</source>
        <translation>未匹配（未保存）：</translation>
    </message>
    <message>
        <source>row {row}: {why}</source>
        <translation>第 {row} 行：{why}</translation>
    </message>
    <message>
        <source>Cells that cannot be read (their rows are not stored):</source>
        <translation>无法读取的单元格（所在行未保存）：</translation>
    </message>
    <message>
        <source>The totals row (合计) is not a plan; skipped: row {rows}</source>
        <translation>合计行不是计划，已跳过：第 {rows} 行</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <source>{n} rows would be stored (dry run), {bad} left out.</source>
        <translation>将保存 {n} 行（试运行），{bad} 行未计入。</translation>
    </message>
    <message>
        <source>Stored: {new} new, {updated} updated, {same} unchanged; {kept} kept as they were (a later export is stored); {bad} left out.</source>
        <translation>已保存：新增 {new}，更新 {updated}，未变 {same}；{kept} 行保持原样（已保存更新的导出）；{bad} 行未计入。</translation>
    </message>
    <message>
        <source>row {row}: the stored figures are as of {day}, newer than this export</source>
        <translation>第 {row} 行：已保存的数据截至 {day}，比这份导出更新</translation>
    </message>
    <message>
        <source>no streamer {name!r} in the roster</source>
        <translation>主播名单中没有 {name!r}</translation>
    </message>
    <message>
        <source>No paid-traffic figures stored for this choice.</source>
        <translation>所选范围内没有保存的投流数据。</translation>
    </message>
    <message>
        <source>Judge 磁力金牛 spend by T15/T30, not by the same day&apos;s GMV.</source>
        <translation>评估磁力金牛的消耗要看 T15/T30，而不是当天的成交金额。</translation>
    </message>
    <message>
        <source>千川 reports direct and 7-day (T7) figures; it has no 15-day window.</source>
        <translation>千川报表提供直接和 7 日总（T7）数据，没有 15 日窗口。</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>spend</source>
        <translation>消耗</translation>
    </message>
    <message>
        <source>{w} GMV</source>
        <translation>{w} 成交金额</translation>
    </message>
    <message>
        <source>{w} ROI</source>
        <translation>{w} ROI</translation>
    </message>
    <message>
        <source>overall</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>* not settled for every day yet: the ROI is of the days that have settled.</source>
        <translation>* 尚未每天都结算：ROI 只按已结算的日期计算。</translation>
    </message>
    <message>
        <source>✎ typed in the session&apos;s review (no report imported for that day).</source>
        <translation>✎ 在场次复盘中手动填写（当天未导入报表）。</translation>
    </message>
    <message>
        <source>e.g. twitch-token, youtube-api-key; db-password: the password of the team server --db names</source>
        <translation>例如 twitch-token、youtube-api-key；db-password：--db 所指团队服务器的密码</translation>
    </message>
    <message>
        <source>only the sessions NAME rode along with (--operator &quot;&quot;: those nobody is named on)</source>
        <translation>只列 NAME 跟播的场次（--operator &quot;&quot;：没有署名的场次）</translation>
    </message>
    <message>
        <source>export a session&apos;s highlights for video editors</source>
        <translation>为剪辑导出一场直播的高光</translation>
    </message>
    <message>
        <source>align to a video that started earlier (+) or later (-) than the session</source>
        <translation>对齐比本场更早（+）或更晚（-）开始录制的视频</translation>
    </message>
    <message>
        <source>frame rate for EDL and XML</source>
        <translation>EDL 和 XML 的帧率</translation>
    </message>
    <message>
        <source>default: print to the terminal</source>
        <translation>默认：输出到终端</translation>
    </message>
    <message>
        <source>end an interrupted session (cut off by a crash); its samples are kept</source>
        <translation>结束一场中断的场次（因崩溃断开），已记录的数据保留</translation>
    </message>
    <message>
        <source>cannot use the data folder {path}: {error}</source>
        <translation>无法使用数据文件夹 {path}：{error}</translation>
    </message>
    <message>
        <source>--source in the window needs --streamer NAME</source>
        <translation>在窗口中使用 --source 需要 --streamer NAME</translation>
    </message>
    <message>
        <source>The database at {path} was written by a newer version of Genbo (schema {rev}; this version knows up to {head}). Nothing was changed. Update Genbo, or use --data-dir to pick another folder.</source>
        <translation>{path} 的数据库由更新版本的 Genbo 写入（结构版本 {rev}；本版本最高支持 {head}）。未做任何改动。请升级 Genbo，或用 --data-dir 换一个文件夹。</translation>
    </message>
    <message>
        <source>genbo: upgraded the database; the previous file was kept as {path}</source>
        <translation>genbo：数据库已升级，旧文件保留为 {path}</translation>
    </message>
    <message>
        <source>No sessions match.</source>
        <translation>没有符合的场次。</translation>
    </message>
    <message>
        <source>No sessions yet. Record one with: genbo record --streamer NAME --duration 600</source>
        <translation>还没有场次。可这样记录一场：genbo record --streamer NAME --duration 600</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>前15分钟</translation>
    </message>
    <message>
        <source>30 min</source>
        <translation>前30分钟</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>跟播人</translation>
    </message>
    <message>
        <source>genbo: session {id} was interrupted and is closed already; nothing to do.</source>
        <translation>genbo：场次 {id} 曾中断，且已结束，无需操作。</translation>
    </message>
    <message>
        <source>genbo: session {id} is {status}, not interrupted; nothing to close.</source>
        <translation>genbo：场次 {id} 状态为{status}，并未中断，无需结束。</translation>
    </message>
    <message>
        <source>Closed session {id}: {n} samples kept, GMV {gmv}.</source>
        <translation>已结束场次 {id}：保留 {n} 条数据，成交金额 {gmv}。</translation>
    </message>
    <message>
        <source>genbo: --fps must be between 1 and 120</source>
        <translation>genbo：--fps 必须在 1 到 120 之间</translation>
    </message>
    <message>
        <source>genbo: {fmt} is a binary file; give -o FILE or redirect the output</source>
        <translation>genbo：{fmt} 是二进制文件，请用 -o FILE 指定文件或重定向输出</translation>
    </message>
    <message>
        <source>note: {note}</source>
        <translation>提示：{note}</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <source>genbo: db-password is a team server&apos;s password: say which server with --db URL (the URL without the password), e.g. genbo --db postgresql+psycopg://alice@db.example/genbo secret set db-password</source>
        <translation>genbo: db-password 是团队服务器的密码：请用 --db URL（不含密码的 URL）指明是哪台服务器，例如 genbo --db postgresql+psycopg://alice@db.example/genbo secret set db-password</translation>
    </message>
    <message>
        <source>Forgot {name}.</source>
        <translation>已删除 {name}。</translation>
    </message>
    <message>
        <source>genbo: no keyring is available on this system, so the password cannot be kept. Give it to PostgreSQL&apos;s own client settings instead: $PGPASSWORD, or a line in ~/.pgpass.</source>
        <translation>genbo: 本系统没有可用的密钥环，无法保存密码。请改用 PostgreSQL 客户端自己的设置：$PGPASSWORD，或在 ~/.pgpass 中加一行。</translation>
    </message>
    <message>
        <source>genbo: no keyring is available on this system, so {name} cannot be kept. Set it in the environment instead, e.g. GENBO_TWITCH_TOKEN.</source>
        <translation>genbo：本系统没有可用的密钥环，无法保存 {name}。请改用环境变量，例如 GENBO_TWITCH_TOKEN。</translation>
    </message>
    <message>
        <source>{name} (not shown): </source>
        <translation>{name}（输入不显示）：</translation>
    </message>
    <message>
        <source>genbo: nothing entered; nothing stored.</source>
        <translation>genbo：未输入内容，未保存。</translation>
    </message>
    <message>
        <source>Saved {name} in the keyring.</source>
        <translation>已将 {name} 保存到密钥环。</translation>
    </message>
    <message>
        <source>compare 2 to 5 sessions minute by minute, with their figures side by side</source>
        <translation>逐分钟对比 2 到 5 场直播，并排列出各项指标</translation>
    </message>
    <message>
        <source>line the minutes up by minutes since start (default) or by time of day</source>
        <translation>按开播后分钟数（默认）或按钟点对齐</translation>
    </message>
    <message>
        <source>only its figures are stored (summary-only): no minutes to show</source>
        <translation>只存了汇总指标（仅汇总）：没有分钟数据可显示</translation>
    </message>
    <message>
        <source>no GMV or viewer readings are stored: no minutes to show</source>
        <translation>没有存成交金额或在线人数数据：没有分钟数据可显示</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>#{n} (session {id}): {reason}.</source>
        <translation>#{n}（场次 {id}）：{reason}。</translation>
    </message>
    <message>
        <source>Per minute, by time of day</source>
        <translation>每分钟，按钟点</translation>
    </message>
    <message>
        <source>Per minute since start</source>
        <translation>每分钟，按开播后时间</translation>
    </message>
    <message>
        <source>No session here has minutes to show.</source>
        <translation>这些场次都没有分钟数据可显示。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>#{n} GMV</source>
        <translation>#{n} 成交金额</translation>
    </message>
    <message>
        <source>#{n} viewers</source>
        <translation>#{n} 在线人数</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>fill the data folder with a realistic made-up history to try Genbo with</source>
        <translation>在数据文件夹中生成一段逼真的虚构历史，用来试用 Genbo</translation>
    </message>
    <message>
        <source>how many (default 24)</source>
        <translation>数量（默认 24）</translation>
    </message>
    <message>
        <source>whole months before this one, which is filled so far (default 6)</source>
        <translation>本月之前的完整月数，本月填到今天（默认 6）</translation>
    </message>
    <message>
        <source>the same seed, the same history</source>
        <translation>相同的种子生成相同的历史</translation>
    </message>
    <message>
        <source>end the history the day before this date (default: now, today&apos;s ended shows in)</source>
        <translation>历史截止到该日期前一天（默认：现在，含今天已下播的场次）</translation>
    </message>
    <message>
        <source>add to a database that already has sessions</source>
        <translation>追加到已有场次的数据库</translation>
    </message>
    <message>
        <source>genbo: --streamers must be 1 to 5000</source>
        <translation>genbo：--streamers 必须在 1 到 5000 之间</translation>
    </message>
    <message>
        <source>genbo: --months must be 0 to 60</source>
        <translation>genbo：--months 必须在 0 到 60 之间</translation>
    </message>
    <message>
        <source>genbo: {text!r} is not a date; write it as YYYY-MM-DD</source>
        <translation>genbo：{text!r} 不是日期，请写成 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>genbo: the database at {path} already has {n} sessions; a demo history would mix with them. Use another --data-dir, or --force to add it anyway.</source>
        <translation>genbo：{path} 的数据库已有 {n} 场，演示历史会与之混在一起。请换一个 --data-dir，或用 --force 强制追加。</translation>
    </message>
    <message>
        <source>Made a demo history in {path}: {streamers} streamers, {sessions} sessions from {first} to {last} ({full} with every sample, {summaries} as summaries) in {secs} s.</source>
        <translation>已在 {path} 生成演示历史：{streamers} 位主播，{sessions} 场，从 {first} 到 {last}（{full} 场含完整数据，{summaries} 场仅汇总），用时 {secs} 秒。</translation>
    </message>
    <message>
        <source>Months with the platform&apos;s GMV typed in (not every session recorded): {m}</source>
        <translation>录入了平台成交金额的月份（并非每场都有记录）：{m}</translation>
    </message>
    <message>
        <source>{n} rows of 磁力金牛 and 千川 reports for the paid traffic of the last 60 days: genbo ads roi</source>
        <translation>近 60 天投流的磁力金牛、千川报表共 {n} 行：genbo ads roi</translation>
    </message>
    <message>
        <source>First-time leaps:</source>
        <translation>首次跃迁：</translation>
    </message>
    <message>
        <source>{month}  {name} passed {threshold}</source>
        <translation>{month}  {name} 突破 {threshold}</translation>
    </message>
    <message>
        <source>{n} earlier simulated shows of the demo streamer: `genbo --demo` here gets a ghost line to beat.</source>
        <translation>演示主播有 {n} 场历史模拟直播：在这里运行 `genbo --demo` 会有一条对标线可以超越。</translation>
    </message>
    <message>
        <source>Try: genbo roster, genbo sessions, or open the window.</source>
        <translation>试试：genbo roster、genbo sessions，或打开窗口。</translation>
    </message>
    <message>
        <source>import a session from Genbo&apos;s JSON export or a CSV of minute rows</source>
        <translation>从 Genbo 的 JSON 导出或按分钟的 CSV 导入一场直播</translation>
    </message>
    <message>
        <source>Import a session from Genbo&apos;s own JSON export (exactly as it was stored) or from a CSV with a time column and metric columns (a platform&apos;s minute export).</source>
        <translation>从 Genbo 自己的 JSON 导出（原样导入）或带时间列和指标列的 CSV（平台的分钟数据导出）导入一场直播。</translation>
    </message>
    <message>
        <source>whose session it is (needed for a CSV)</source>
        <translation>这场直播的主播（导入 CSV 时必填）</translation>
    </message>
    <message>
        <source>default: the export&apos;s title, or the CSV&apos;s name</source>
        <translation>默认：导出文件中的标题，或 CSV 文件名</translation>
    </message>
    <message>
        <source>the UTC offset the CSV&apos;s times are in (default: this computer&apos;s, e.g. +08:00)</source>
        <translation>CSV 中时间的 UTC 偏移（默认：本机的，例如 +08:00）</translation>
    </message>
    <message>
        <source>the show&apos;s date, for a CSV of clock times (20:05) or minutes since the start</source>
        <translation>直播日期，用于时间列为钟点（20:05）或开播后分钟数的 CSV</translation>
    </message>
    <message>
        <source>with minutes since the start: the local time the show started</source>
        <translation>时间列为开播后分钟数时：开播的本地时间</translation>
    </message>
    <message>
        <source>how the CSV&apos;s time column is written (default: guessed)</source>
        <translation>CSV 时间列的写法（默认：自动识别）</translation>
    </message>
    <message>
        <source>map a CSV column (its heading, or #N) to a metric, to &apos;time&apos; or to &apos;ignore&apos;; :per-minute for figures per minute (summed into running totals), :running for totals. Repeat it; unnamed columns keep their guess</source>
        <translation>把 CSV 的一列（列标题或 #N）对应到指标、&apos;time&apos; 或 &apos;ignore&apos;；:per-minute 表示每分钟数值（累加成累计值），:running 表示累计值。可重复使用；未指定的列沿用自动识别</translation>
    </message>
    <message>
        <source>leave out the CSV rows with cells that cannot be read (else nothing is imported)</source>
        <translation>跳过含无法读取单元格的 CSV 行（否则不导入任何内容）</translation>
    </message>
    <message>
        <source>import a session already in the library again, as a new one</source>
        <translation>把场次库中已有的场次作为新场次再导入一次</translation>
    </message>
    <message>
        <source>Session {id}: {streamer} “{title}”, started {start}{new}.</source>
        <translation>场次 {id}：{streamer}“{title}”，开始于 {start}{new}。</translation>
    </message>
    <message>
        <source> (made anew: it was not in this database)</source>
        <translation>（已新建：此数据库中原本没有该场次）</translation>
    </message>
    <message>
        <source>Put back {n} samples, {gaps} gaps and {events} events from {file}; {already} samples were stored already.</source>
        <translation>已从 {file} 放回 {n} 个样本、{gaps} 个断档和 {events} 个事件；另有 {already} 个样本此前已存入。</translation>
    </message>
    <message>
        <source>genbo: note: --map, --date, --offset and --skip-bad-rows are for CSV files; a Genbo export is imported as it is</source>
        <translation>genbo：提示：--map、--date、--offset 和 --skip-bad-rows 仅用于 CSV 文件；Genbo 导出文件按原样导入</translation>
    </message>
    <message>
        <source>genbo: the file&apos;s times are clock times or minutes since the start; give the show&apos;s date with --date YYYY-MM-DD</source>
        <translation>genbo：文件中的时间是钟点或开播后分钟数，请用 --date YYYY-MM-DD 给出直播日期</translation>
    </message>
    <message>
        <source>genbo: name the columns with --map COLUMN=METRIC</source>
        <translation>genbo：请用 --map 列=指标 指定各列</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>列：</translation>
    </message>
    <message>
        <source>genbo: a CSV does not say whose session it is; give --streamer NAME</source>
        <translation>genbo：CSV 中没有主播信息，请用 --streamer NAME 指定</translation>
    </message>
    <message>
        <source>genbo: to import the other rows, add --skip-bad-rows</source>
        <translation>genbo：要导入其余行，请加 --skip-bad-rows</translation>
    </message>
    <message>
        <source>genbo: to keep both, add --as-copy</source>
        <translation>genbo：要两份都保留，请加 --as-copy</translation>
    </message>
    <message>
        <source>Rows left out, with cells that could not be read: {n}.</source>
        <translation>因单元格无法读取而跳过的行：{n}。</translation>
    </message>
    <message>
        <source>Imported session {id}: {streamer} “{title}”, {samples} samples, {events} events, {gaps} gaps, GMV {gmv}.</source>
        <translation>已导入场次 {id}：{streamer}“{title}”，{samples} 条数据，{events} 个事件，{gaps} 段断档，成交金额 {gmv}。</translation>
    </message>
    <message>
        <source>Genbo export (version {version}) of {streamer} “{title}”: {samples} samples, {events} events, {gaps} gaps, GMV {gmv}.</source>
        <translation>Genbo 导出文件（版本 {version}），{streamer}“{title}”：{samples} 条数据，{events} 个事件，{gaps} 段断档，成交金额 {gmv}。</translation>
    </message>
    <message>
        <source>CSV ({encoding}): {rows} rows under the headings in row {header}.</source>
        <translation>CSV（{encoding}）：第 {header} 行为列标题，其下 {rows} 行。</translation>
    </message>
    <message>
        <source>{text!r} is not a date; write it like 2026-11-11</source>
        <translation>{text!r} 不是日期，请写成 2026-11-11 这样</translation>
    </message>
    <message>
        <source>--start {text!r} is not a time of day; write it like 19:30</source>
        <translation>--start {text!r} 不是钟点，请写成 19:30 这样</translation>
    </message>
    <message>
        <source>--map {item!r}: write it as COLUMN=METRIC, e.g. 成交金额(元)=gmv</source>
        <translation>--map {item!r}：请写成 列=指标，例如 成交金额(元)=gmv</translation>
    </message>
    <message>
        <source>--map {item!r}: unknown metric {what!r}; known: {known}, time, ignore</source>
        <translation>--map {item!r}：未知指标 {what!r}；可用：{known}、time、ignore</translation>
    </message>
    <message>
        <source>--map {item!r}: after the metric write :per-minute or :running</source>
        <translation>--map {item!r}：指标后请写 :per-minute 或 :running</translation>
    </message>
    <message>
        <source>--map {item!r}: {metric} is a reading, not a total; it has no per-minute form</source>
        <translation>--map {item!r}：{metric} 是瞬时读数，不是累计值，没有每分钟形式</translation>
    </message>
    <message>
        <source>--map {item!r}: the column&apos;s unit {unit!r} does not fit {metric}</source>
        <translation>--map {item!r}：该列的单位 {unit!r} 与 {metric} 不符</translation>
    </message>
    <message>
        <source>--map: there is no column {name!r}; the columns are {listed}</source>
        <translation>--map：没有 {name!r} 这一列；现有列为 {listed}</translation>
    </message>
    <message>
        <source>  row {row}, {column}: {text!r}: {reason}</source>
        <translation>  第 {row} 行，{column}：{text!r}：{reason}</translation>
    </message>
    <message>
        <source>  … and {n} more</source>
        <translation>  … 还有 {n} 处</translation>
    </message>
    <message>
        <source>genbo: session {id} ({streamer}, started {start}) was interrupted; its {n} samples are kept. Resume it with: genbo record --resume {id} (or in the Genbo window), or end it with: genbo close {id}</source>
        <translation>genbo：场次 {id}（{streamer}，{start} 开播）已中断，{n} 条数据已保留。继续记录：genbo record --resume {id}（或在 Genbo 窗口中），结束：genbo close {id}</translation>
    </message>
    <message>
        <source>Resuming session {id} · {streamer} · &quot;{title}&quot; · {sources} · into {db}</source>
        <translation>继续记录场次 {id} · {streamer} · “{title}” · {sources} · 写入 {db}</translation>
    </message>
    <message>
        <source>Recording session {id} · {streamer} · &quot;{title}&quot; · {sources} · into {db}</source>
        <translation>正在记录场次 {id} · {streamer} · “{title}” · {sources} · 写入 {db}</translation>
    </message>
    <message>
        <source>{reason} from {start} to {end}: kept as a gap.</source>
        <translation>{start} 到 {end} {reason}：记为断档。</translation>
    </message>
    <message>
        <source>Push ingest: POST {url} with Authorization: Bearer {token}</source>
        <translation>推送接入：POST {url}，带 Authorization: Bearer {token}</translation>
    </message>
    <message>
        <source>(no keyring: this token lasts for this run only)</source>
        <translation>（无密钥环：该令牌仅本次运行有效）</translation>
    </message>
    <message>
        <source>genbo: the team chat did not take everything; the rest is sent next time.</source>
        <translation>genbo：团队群未收下全部消息；其余的下次发送。</translation>
    </message>
    <message>
        <source>Stopped early ({signal}); everything recorded so far is kept.</source>
        <translation>提前停止（{signal}），已记录的数据全部保留。</translation>
    </message>
    <message>
        <source>Finished session {id}: {duration}, peak {peak} viewers, GMV {gmv} (first 15 min {g15}, first 30 min {g30}), {n} samples.</source>
        <translation>场次 {id} 已结束：时长 {duration}，最高在线 {peak}，成交金额 {gmv}（前15分钟 {g15}，前30分钟 {g30}），{n} 条数据。</translation>
    </message>
    <message>
        <source>genbo: already stopping; everything is being saved.</source>
        <translation>genbo：已在停止；所有数据正在保存。</translation>
    </message>
    <message>
        <source>Browser companion (open in the browser to install it, paired): {url}</source>
        <translation>浏览器跟播助手（在浏览器中打开即可安装，已配对）：{url}</translation>
    </message>
    <message>
        <source>  team chat: “{notice}” not sent to {target}: {why}</source>
        <translation>  团队群：“{notice}”未发送到 {target}：{why}</translation>
    </message>
    <message>
        <source>(kept: it is sent again later)</source>
        <translation>（已保留，稍后重发）</translation>
    </message>
    <message>
        <source>session {id} was recorded by {who} on the team server; only that login can resume or end it.</source>
        <translation>场次 {id} 由 {who} 在团队服务器上录制；只有该登录名可以续录或结束它。</translation>
    </message>
    <message>
        <source>a login without a name</source>
        <translation>未署名的登录</translation>
    </message>
    <message>
        <source>session {id} is {status}, not interrupted; there is nothing to resume.</source>
        <translation>场次 {id} 状态为{status}，并未中断，无需继续。</translation>
    </message>
    <message>
        <source>session {id} was typed in by hand; give the sources to continue it with, e.g. --source http …</source>
        <translation>场次 {id} 是手动录入的，请指定继续记录用的数据源，例如 --source http …</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>live</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>stale since {when}</source>
        <translation>自 {when} 起无新数据</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>  {elapsed}{pct}  viewers {viewers} (peak {peak})  GMV {gmv}  orders {orders}  samples {n}</source>
        <translation>  {elapsed}{pct}  在线 {viewers}（最高 {peak}）  成交 {gmv}  订单 {orders}  数据 {n}</translation>
    </message>
    <message>
        <source>write a session&apos;s one-page 复盘 report (PDF or PNG)</source>
        <translation>生成一场直播的单页复盘报告（PDF 或 PNG）</translation>
    </message>
    <message>
        <source>FILE.pdf or FILE.png</source>
        <translation>FILE.pdf 或 FILE.png</translation>
    </message>
    <message>
        <source>resolution of a PNG (default 150, 72 to 600)</source>
        <translation>PNG 分辨率（默认 150，72 到 600）</translation>
    </message>
    <message>
        <source>genbo: the report is written as .pdf or .png, not {name}</source>
        <translation>genbo：报告只能写成 .pdf 或 .png，不能是 {name}</translation>
    </message>
    <message>
        <source>genbo: --dpi must be between 72 and 600</source>
        <translation>genbo：--dpi 必须在 72 到 600 之间</translation>
    </message>
    <message>
        <source>every streamer&apos;s month against the leap ladder (50万 / 200万 / 500万)</source>
        <translation>每位主播本月对照跃迁阶梯（50万 / 200万 / 500万）</translation>
    </message>
    <message>
        <source>default: this month</source>
        <translation>默认：本月</translation>
    </message>
    <message>
        <source>list archived streamers too</source>
        <translation>同时列出已归档的主播</translation>
    </message>
    <message>
        <source>thresholds for this run, e.g. 50万,200万,500万 (default: the settings&apos;)</source>
        <translation>本次使用的门槛，例如 50万,200万,500万（默认：设置中的）</translation>
    </message>
    <message>
        <source>count the days left as if today were this date</source>
        <translation>按该日期为今天计算剩余天数</translation>
    </message>
    <message>
        <source>only the streamers NAME rode along with in the month, with their whole month (--operator &quot;&quot;: those of sessions nobody is named on)</source>
        <translation>只列 NAME 本月跟播过的主播，显示其整月数据（--operator &quot;&quot;：没有署名场次的主播）</translation>
    </message>
    <message>
        <source>add, list, edit or archive streamers</source>
        <translation>添加、列出、编辑或归档主播</translation>
    </message>
    <message>
        <source>add a streamer</source>
        <translation>添加主播</translation>
    </message>
    <message>
        <source>list the streamers</source>
        <translation>列出主播</translation>
    </message>
    <message>
        <source>change a streamer (only what is given changes)</source>
        <translation>修改主播（只改给出的项）</translation>
    </message>
    <message>
        <source>the streamer&apos;s ID or name</source>
        <translation>主播的 ID 或名字</translation>
    </message>
    <message>
        <source>forget the planned start times</source>
        <translation>清除计划开播时间</translation>
    </message>
    <message>
        <source>archive a streamer (kept, with every session; hidden from the roster)</source>
        <translation>归档主播（连同全部场次保留，不在主播看板显示）</translation>
    </message>
    <message>
        <source>bring an archived streamer back</source>
        <translation>恢复已归档的主播</translation>
    </message>
    <message>
        <source>type the platform&apos;s GMV for a streamer&apos;s month (used instead of the recorded sum)</source>
        <translation>录入平台给出的主播月度成交金额（代替记录汇总）</translation>
    </message>
    <message>
        <source>in yuan: 1234567, 123.4万, 3.5w</source>
        <translation>单位元：1234567、123.4万、3.5w</translation>
    </message>
    <message>
        <source>forget it and use the recorded sum again</source>
        <translation>清除它，重新使用记录汇总</translation>
    </message>
    <message>
        <source>import the platform&apos;s monthly GMV per streamer from a CSV (a month report)</source>
        <translation>从 CSV（月报）导入平台给出的各主播月度成交金额</translation>
    </message>
    <message>
        <source>a CSV: streamer or account, month, GMV</source>
        <translation>CSV：主播或账号、月份、成交金额</translation>
    </message>
    <message>
        <source>the month, for a file without a month column</source>
        <translation>月份，用于没有月份列的文件</translation>
    </message>
    <message>
        <source>read and check the file, store nothing</source>
        <translation>只读取并检查文件，不保存</translation>
    </message>
    <message>
        <source>e.g. douyin, kuaishou</source>
        <translation>例如 douyin、kuaishou</translation>
    </message>
    <message>
        <source>the platform&apos;s own ID for the account</source>
        <translation>该账号在平台上的 ID</translation>
    </message>
    <message>
        <source>planned start: 06:30 every day, or sat,sun=10:00 on those days (may be repeated; a weekday&apos;s own time wins over the daily one)</source>
        <translation>计划开播：06:30 表示每天，sat,sun=10:00 表示这几天（可重复；某天单独设的时间优先于每天的）</translation>
    </message>
    <message>
        <source>with --start HH:MM: only on these days (mon, sat,sun, mon-fri)</source>
        <translation>配合 --start HH:MM：仅这些天（mon、sat,sun、mon-fri）</translation>
    </message>
    <message>
        <source>the time zone of the planned start (default: this computer&apos;s)</source>
        <translation>计划开播的时区（默认：本机的）</translation>
    </message>
    <message>
        <source>{text!r} is not a UTC offset; write it as +08:00</source>
        <translation>{text!r} 不是 UTC 偏移，请写成 +08:00</translation>
    </message>
    <message>
        <source>--weekday needs a time: --start HH:MM --weekday {days}</source>
        <translation>--weekday 需要时间：--start HH:MM --weekday {days}</translation>
    </message>
    <message>
        <source>--ladder needs amounts above zero, e.g. 50万,200万,500万</source>
        <translation>--ladder 需要大于零的金额，例如 50万,200万,500万</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>{text!r} is not a date; write it as YYYY-MM-DD</source>
        <translation>{text!r} 不是日期，请写成 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Roster for {month} (today {today}; the ladder: {ladder})</source>
        <translation>{month} 主播看板（今天 {today}；阶梯：{ladder}）</translation>
    </message>
    <message>
        <source>Only the streamers {name} rode along with in {month}, with their whole month.</source>
        <translation>只显示 {name} 在 {month} 跟播过的主播，数据为整月。</translation>
    </message>
    <message>
        <source>Only the streamers of sessions in {month} nobody is named on.</source>
        <translation>只显示 {month} 中有未署名场次的主播。</translation>
    </message>
    <message>
        <source>No streamers match in {month}.</source>
        <translation>{month} 没有符合的主播。</translation>
    </message>
    <message>
        <source>No streamers yet. Add one with: genbo streamer add NAME</source>
        <translation>还没有主播。可这样添加：genbo streamer add NAME</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>GMV so far</source>
        <translation>累计成交</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一档</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Pace needed / so far</source>
        <translation>所需日均 / 当前日均</translation>
    </message>
    <message>
        <source>Crosses on</source>
        <translation>预计突破</translation>
    </message>
    <message>
        <source>Past leaps</source>
        <translation>历史跃迁</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>准时开播</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>记录汇总</translation>
    </message>
    <message>
        <source>platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>（已归档）</translation>
    </message>
    <message>
        <source>top</source>
        <translation>已达最高档</translation>
    </message>
    <message>
        <source>! {name}: the platform&apos;s figure {platform} is below the recorded {recorded}; one of them is probably wrong.</source>
        <translation>! {name}：平台数据 {platform} 低于记录汇总 {recorded}，其中一个可能有误。</translation>
    </message>
    <message>
        <source>* first time this month</source>
        <translation>* 本月首次</translation>
    </message>
    <message>
        <source>Leaps in {month}:</source>
        <translation>{month} 的跃迁：</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>门槛</translation>
    </message>
    <message>
        <source>First time ever</source>
        <translation>历史首次</translation>
    </message>
    <message>
        <source>Crossed</source>
        <translation>突破</translation>
    </message>
    <message>
        <source>The last 12 months (first time ever / crossed):</source>
        <translation>近 12 个月（历史首次 / 突破）：</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Genbo&apos;s figures start in {month}: a streamer already past a threshold then is not counted as crossing it for the first time.</source>
        <translation>Genbo 的数据从 {month} 开始：当时已超过某门槛的主播，不算首次突破。</translation>
    </message>
    <message>
        <source>, planned start {schedule}</source>
        <translation>，计划开播 {schedule}</translation>
    </message>
    <message>
        <source>Added streamer {streamer}.</source>
        <translation>已添加主播 {streamer}。</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>账号 ID</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开播</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>give either --start or --no-schedule, not both</source>
        <translation>--start 和 --no-schedule 只能给一个</translation>
    </message>
    <message>
        <source>genbo: nothing to change; give --name, --platform, --start, …</source>
        <translation>genbo：没有要修改的内容；请给出 --name、--platform、--start 等</translation>
    </message>
    <message>
        <source>Saved streamer {streamer}.</source>
        <translation>已保存主播 {streamer}。</translation>
    </message>
    <message>
        <source>{name} is archived already.</source>
        <translation>{name} 已经归档。</translation>
    </message>
    <message>
        <source>{name} is not archived.</source>
        <translation>{name} 未归档。</translation>
    </message>
    <message>
        <source>Archived {name}; the sessions are kept. Undo with: genbo streamer unarchive {id}</source>
        <translation>已归档 {name}，场次均保留。撤销：genbo streamer unarchive {id}</translation>
    </message>
    <message>
        <source>{name} is back on the roster.</source>
        <translation>{name} 已回到主播看板。</translation>
    </message>
    <message>
        <source>give the AMOUNT, or --clear to forget the month&apos;s figure</source>
        <translation>请给出金额 AMOUNT，或用 --clear 清除本月数据</translation>
    </message>
    <message>
        <source>{name}, {month}: the platform figure is cleared; the recorded {recorded} ({n} sessions) is used.</source>
        <translation>{name}，{month}：已清除平台数据，改用记录汇总 {recorded}（{n} 场）。</translation>
    </message>
    <message>
        <source>{name}, {month}: the platform&apos;s GMV is {amount} (recorded: {recorded} in {n} sessions).</source>
        <translation>{name}，{month}：平台成交金额为 {amount}（记录汇总：{n} 场共 {recorded}）。</translation>
    </message>
    <message>
        <source>Read the columns: {cols}</source>
        <translation>识别到的列：{cols}</translation>
    </message>
    <message>
        <source>  row {row}: {problem}</source>
        <translation>  第 {row} 行：{problem}</translation>
    </message>
    <message>
        <source>would be stored</source>
        <translation>将保存</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>{n} monthly figures {verb}, {bad} rows left out.</source>
        <translation>{n} 条月度数据{verb}，跳过 {bad} 行。</translation>
    </message>
    <message>
        <source>who is live</source>
        <translation>正在直播的主播</translation>
    </message>
    <message>
        <source>continue an interrupted session (with the sources it was recorded with, unless --source is given)</source>
        <translation>继续一场中断的场次（使用原来的数据源，除非给出 --source）</translation>
    </message>
    <message>
        <source>record every streamer of a wall&apos;s file (TOML or JSON) at once, each with the sources the file gives</source>
        <translation>同时记录跟播墙文件（TOML 或 JSON）中的每位主播，各用文件中给出的数据源</translation>
    </message>
    <message>
        <source>stop after this many session seconds, with --resume this many more, with --config each session its own (default: until Ctrl+C)</source>
        <translation>每场记录到这么多秒后停止；配合 --resume 时为再记录这么多秒；配合 --config 时每场各自计时（默认：直到按 Ctrl+C）</translation>
    </message>
    <message>
        <source>what it prints as it goes on stderr, and the sessions as JSON at the end</source>
        <translation>过程中的输出改到 stderr，结束时以 JSON 输出各场次</translation>
    </message>
    <message>
        <source>where numbers come from; repeat to combine (default: simulator)</source>
        <translation>数据来源；可重复以组合使用（默认：simulator）</translation>
    </message>
    <message>
        <source>simulator</source>
        <translation>模拟器</translation>
    </message>
    <message>
        <source>run simulated time N times faster</source>
        <translation>模拟时间以 N 倍速运行</translation>
    </message>
    <message>
        <source>http (poll a JSON API)</source>
        <translation>http（轮询 JSON API）</translation>
    </message>
    <message>
        <source>a ready-made API</source>
        <translation>现成的 API</translation>
    </message>
    <message>
        <source>twitch: the channel&apos;s login name</source>
        <translation>twitch：频道登录名</translation>
    </message>
    <message>
        <source>twitch: your app&apos;s Client-Id</source>
        <translation>twitch：你的应用的 Client-Id</translation>
    </message>
    <message>
        <source>youtube: the live video&apos;s id</source>
        <translation>youtube：直播视频的 id</translation>
    </message>
    <message>
        <source>the API URL (replaces a preset&apos;s)</source>
        <translation>API 地址（替换预设的）</translation>
    </message>
    <message>
        <source>map a JSON field to a metric, e.g. viewers=data[0].viewer_count</source>
        <translation>把 JSON 字段对应到指标，例如 viewers=data[0].viewer_count</translation>
    </message>
    <message>
        <source>a request header; {name} placeholders are filled from the keyring</source>
        <translation>请求头；{name} 占位符从密钥环填入</translation>
    </message>
    <message>
        <source>request body for POST (e.g. JSON)</source>
        <translation>POST 的请求体（例如 JSON）</translation>
    </message>
    <message>
        <source>a query parameter; {name} placeholders are filled from the keyring</source>
        <translation>查询参数；{name} 占位符从密钥环填入</translation>
    </message>
    <message>
        <source>ingest (receive pushed numbers)</source>
        <translation>ingest（接收推送的数据）</translation>
    </message>
    <message>
        <source>default: a free port</source>
        <translation>默认：任一空闲端口</translation>
    </message>
    <message>
        <source>file (follow a CSV or JSONL file)</source>
        <translation>file（跟踪 CSV 或 JSONL 文件）</translation>
    </message>
    <message>
        <source>peak viewers</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>session GMV</source>
        <translation>单场成交金额</translation>
    </message>
    <message>
        <source>GMV in the first 15 minutes</source>
        <translation>前15分钟成交金额</translation>
    </message>
    <message>
        <source>GMV in the first 30 minutes</source>
        <translation>前30分钟成交金额</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>千次观看成交金额 GPM</translation>
    </message>
    <message>
        <source>average dwell</source>
        <translation>人均停留时长</translation>
    </message>
    <message>
        <source>Genbo was not running</source>
        <translation>Genbo 未运行</translation>
    </message>
    <message>
        <source>not followed (stopped, then resumed)</source>
        <translation>未跟播（停止后又继续）</translation>
    </message>
    <message>
        <source>no answer yet</source>
        <translation>尚无响应</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>{ordinal} of {of} by {figure}</source>
        <translation>{figure}第 {rank} 名（共 {of} 场）</translation>
    </message>
    <message>
        <source>started on time</source>
        <translation>准时开播</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <source>started {span} late</source>
        <translation>晚开播 {span}</translation>
    </message>
    <message>
        <source>started {span} early</source>
        <translation>提前 {span} 开播</translation>
    </message>
    <message>
        <source>{metric} passed {value}</source>
        <translation>{metric}突破 {value}</translation>
    </message>
    <message>
        <source>New personal best: {what} above {value}</source>
        <translation>刷新个人纪录：{what}超过 {value}</translation>
    </message>
    <message>
        <source>{metric} surged {pct}</source>
        <translation>{metric}激增 {pct}</translation>
    </message>
    <message>
        <source>{metric} dropped {pct}</source>
        <translation>{metric}下降 {pct}</translation>
    </message>
    <message>
        <source>Joined at {metric} {value}</source>
        <translation>接入时{metric} {value}</translation>
    </message>
    <message>
        <source>, already past {step}</source>
        <translation>，已过 {step}</translation>
    </message>
    <message>
        <source>{metric} reached {value}</source>
        <translation>{metric}达到 {value}</translation>
    </message>
    <message>
        <source>account {a} is on several platforms; give the streamer&apos;s name</source>
        <translation>账号 {a} 在多个平台上都有，请给出主播名字</translation>
    </message>
    <message>
        <source>no streamer {name!r} in the roster; add them first</source>
        <translation>主播看板中没有主播 {name!r}，请先添加</translation>
    </message>
    <message>
        <source>{text!r} is not a month</source>
        <translation>{text!r} 不是月份</translation>
    </message>
    <message>
        <source>GMV {text!r}: {why}</source>
        <translation>成交金额 {text!r}：{why}</translation>
    </message>
    <message>
        <source>no GMV</source>
        <translation>无成交金额</translation>
    </message>
    <message>
        <source>Saved {key} in the keyring.</source>
        <translation>已将 {key} 保存到密钥环。</translation>
    </message>
    <message>
        <source>No keyring is available: {key} is kept for this run only.</source>
        <translation>没有可用的密钥环：{key} 仅本次运行有效。</translation>
    </message>
    <message>
        <source>the {source} source needs {name}: set ${env}, or store it with `genbo secret set {key}`</source>
        <translation>{source} 数据源需要 {name}：请设置 ${env}，或用 `genbo secret set {key}` 保存</translation>
    </message>
    <message>
        <source>--map takes METRIC=PATH, e.g. viewers=data[0].viewer_count</source>
        <translation>--map 格式为 指标=路径，例如 viewers=data[0].viewer_count</translation>
    </message>
    <message>
        <source>--header takes &apos;Name: value&apos;</source>
        <translation>--header 格式为 &apos;Name: value&apos;</translation>
    </message>
    <message>
        <source>--query takes NAME=VALUE</source>
        <translation>--query 格式为 NAME=VALUE</translation>
    </message>
    <message>
        <source>the http source needs --url (or --preset twitch|youtube)</source>
        <translation>http 数据源需要 --url（或 --preset twitch|youtube）</translation>
    </message>
    <message>
        <source>each --source kind may be given once</source>
        <translation>每种 --source 只能给一次</translation>
    </message>
    <message>
        <source>the simulator runs faster than real time only on its own; drop --speed</source>
        <translation>模拟器只有单独使用时才能加速；请去掉 --speed</translation>
    </message>
    <message>
        <source>the file source needs --path FILE</source>
        <translation>file 数据源需要 --path FILE</translation>
    </message>
    <message>
        <source>the team chat: 飞书/企业微信/钉钉 robots and webhooks; list, test, add</source>
        <translation>团队群：飞书/企业微信/钉钉机器人和 webhook；列出、测试、添加</translation>
    </message>
    <message>
        <source>the robots in the settings</source>
        <translation>设置中的机器人</translation>
    </message>
    <message>
        <source>send the test message to a robot now</source>
        <translation>立即向机器人发送测试消息</translation>
    </message>
    <message>
        <source>the robot&apos;s name or id</source>
        <translation>机器人的名称或 ID</translation>
    </message>
    <message>
        <source>add a robot to the settings</source>
        <translation>在设置中添加机器人</translation>
    </message>
    <message>
        <source>the robot&apos;s whole webhook address</source>
        <translation>机器人完整的 webhook 地址</translation>
    </message>
    <message>
        <source>what it hears (default: everything): {events}</source>
        <translation>要接收的内容（默认：全部）：{events}</translation>
    </message>
    <message>
        <source>it signs: read its secret from the terminal (or stdin) into the keyring</source>
        <translation>需要签名：从终端（或标准输入）读取密钥并存入系统密钥环</translation>
    </message>
    <message>
        <source>remove a robot</source>
        <translation>删除机器人</translation>
    </message>
    <message>
        <source>robot {n} in the settings is left out: {why}</source>
        <translation>设置中的第 {n} 个机器人未使用：{why}</translation>
    </message>
    <message>
        <source>none; add one with: genbo notify add</source>
        <translation>无；添加一个：genbo notify add</translation>
    </message>
    <message>
        <source>genbo: there is no robot “{name}”; the robots: {names}</source>
        <translation>genbo：没有名为“{name}”的机器人；现有机器人：{names}</translation>
    </message>
    <message>
        <source>No robots yet. Add one with: genbo notify add wecom 运营群 URL</source>
        <translation>还没有机器人。添加一个：genbo notify add wecom 运营群 URL</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Sends</source>
        <translation>发送内容</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>secret missing</source>
        <translation>缺少密钥</translation>
    </message>
    <message>
        <source>(off)</source>
        <translation>（已关闭）</translation>
    </message>
    <message>
        <source>genbo: the test message did not reach {name}: {why}</source>
        <translation>genbo：测试消息未送达 {name}：{why}</translation>
    </message>
    <message>
        <source>Sent the test message to {name} ({url}).</source>
        <translation>已向 {name}（{url}）发送测试消息。</translation>
    </message>
    <message>
        <source>{name}&apos;s signing secret (not shown): </source>
        <translation>{name} 的签名密钥（不显示）：</translation>
    </message>
    <message>
        <source>genbo: there is a robot named “{name}” already</source>
        <translation>genbo：已有名为“{name}”的机器人</translation>
    </message>
    <message>
        <source>genbo: no keyring is available on this system, so the signing secret cannot be kept; nothing was added.</source>
        <translation>genbo：本系统没有可用的密钥环，无法保存签名密钥；未添加任何机器人。</translation>
    </message>
    <message>
        <source>genbo: no secret entered; nothing was added.</source>
        <translation>genbo：未输入密钥；未添加任何机器人。</translation>
    </message>
    <message>
        <source>Added {name}; try it with: genbo notify test {name}</source>
        <translation>已添加 {name}；试一下：genbo notify test {name}</translation>
    </message>
    <message>
        <source>Removed {name}.</source>
        <translation>已删除 {name}。</translation>
    </message>
    <message>
        <source>{n} older samples are kept in {file}; they are put back when the database can be written (or: genbo import &quot;{file}&quot;)</source>
        <translation>较早的 {n} 个样本保存在 {file}；数据库可写后会自动放回（也可运行：genbo import &quot;{file}&quot;）</translation>
    </message>
    <message>
        <source>Disk full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>An emergency file from an earlier run is not in the database yet; put it back with: genbo import &quot;{file}&quot;</source>
        <translation>上次运行留下的一个应急文件还没有放回数据库；放回方法：genbo import &quot;{file}&quot;</translation>
    </message>
    <message>
        <source>{n} emergency files from an earlier run are not in the database yet, in {folder}; put each back with genbo import</source>
        <translation>上次运行留下的 {n} 个应急文件还没有放回数据库，位于 {folder}；请用 genbo import 逐个放回</translation>
    </message>
    <message>
        <source>An emergency file from an earlier run is not in the database yet: {file}. Import… (Ctrl+I) or genbo import &quot;{file}&quot; puts it back.</source>
        <translation>上次运行留下的一个应急文件还没有放回数据库：{file}。用“导入…”（Ctrl+I）或 genbo import &quot;{file}&quot; 把它放回。</translation>
    </message>
    <message>
        <source>{n} emergency files from an earlier run are not in the database yet, in {folder}. Import… (Ctrl+I) or genbo import puts each back.</source>
        <translation>上次运行留下的 {n} 个应急文件还没有放回数据库，位于 {folder}。用“导入…”（Ctrl+I）或 genbo import 逐个放回。</translation>
    </message>
    <message>
        <source>Offline: the team server does not answer — {n} samples queued on this computer, sent when it answers</source>
        <translation>离线：团队服务器没有响应 —— {n} 个样本已排队保存在本机，服务器响应后发送</translation>
    </message>
    <message>
        <source>Sending to the team server: {n} queued samples left</source>
        <translation>正在发送到团队服务器：还剩 {n} 个排队样本</translation>
    </message>
    <message>
        <source>The database cannot be written (read-only)</source>
        <translation>数据库无法写入（只读）</translation>
    </message>
    <message>
        <source>The database is locked by another program</source>
        <translation>数据库被其他程序锁定</translation>
    </message>
    <message>
        <source>The disk reports an I/O error</source>
        <translation>磁盘报告读写错误</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>The database cannot be opened</source>
        <translation>数据库无法打开</translation>
    </message>
    <message>
        <source>The team server refuses these writes ({detail})</source>
        <translation>团队服务器拒绝了这些写入（{detail}）</translation>
    </message>
    <message>
        <source>Writing to the database fails ({detail})</source>
        <translation>写入数据库失败（{detail}）</translation>
    </message>
    <message>
        <source>free space on {where}</source>
        <translation>请在 {where} 上释放空间</translation>
    </message>
    <message>
        <source>make {path} writable</source>
        <translation>请让 {path} 可写</translation>
    </message>
    <message>
        <source>close the program using {path}</source>
        <translation>请关闭正在使用 {path} 的程序</translation>
    </message>
    <message>
        <source>check the disk holding {path}</source>
        <translation>请检查 {path} 所在的磁盘</translation>
    </message>
    <message>
        <source>Genbo moves it aside and recovers it</source>
        <translation>跟播会把它移到一旁并恢复</translation>
    </message>
    <message>
        <source>check {path}</source>
        <translation>请检查 {path}</translation>
    </message>
    <message>
        <source>ask the team&apos;s admin to check this login&apos;s grants</source>
        <translation>请团队管理员检查这个登录的权限</translation>
    </message>
    <message>
        <source>Genbo keeps trying</source>
        <translation>跟播会继续重试</translation>
    </message>
    <message>
        <source>{title}: {n} samples waiting in memory, nothing lost yet — {advice}</source>
        <translation>{title}：内存中有 {n} 个样本等待写入，尚未丢失数据 — {advice}</translation>
    </message>
    <message>
        <source>{title}: {n} samples waiting in memory; memory for waiting samples is full, so {dropped} newer samples since {since} were dropped — {advice}</source>
        <translation>{title}：内存中有 {n} 个样本等待写入；等待写入的内存已满，自 {since} 起较新的 {dropped} 个样本已丢弃 — {advice}</translation>
    </message>
    <message>
        <source>{n} older samples are kept in {files} emergency files in {folder}; they are put back when the database can be written</source>
        <translation>较早的 {n} 个样本保存在 {folder} 中的 {files} 个应急文件里；数据库可写后会自动放回</translation>
    </message>
    <message>
        <source>{n} samples from {start} to {end} could not be kept (stored as a gap)</source>
        <translation>{start} 至 {end} 的 {n} 个样本未能保留（已记为断档）</translation>
    </message>
    <message>
        <source>The team server answers again: {n} queued samples were sent.</source>
        <translation>团队服务器已恢复响应：排队的 {n} 个样本已发送。</translation>
    </message>
    <message>
        <source>The database can be written again: {n} waiting samples were stored.</source>
        <translation>数据库已恢复可写：{n} 个等待中的样本已存入。</translation>
    </message>
    <message>
        <source>{n} samples are queued on this computer for the team server (it did not answer); Genbo sends them the next time it starts with this server.</source>
        <translation>{n} 个样本排队保存在本机，等待发送到团队服务器（服务器没有响应）；Genbo 下次连接这台服务器启动时会发送。</translation>
    </message>
    <message>
        <source>{n} samples could not be written to the database; they are kept in {file}. Put them back with: genbo import &quot;{file}&quot;</source>
        <translation>{n} 个样本未能写入数据库，已保存在 {file}。放回方法：genbo import &quot;{file}&quot;</translation>
    </message>
    <message>
        <source>Highlights, milestones or gaps could not be written to the database; they are kept in {file}. Put them back with: genbo import &quot;{file}&quot;</source>
        <translation>高光、里程碑或断档未能写入数据库，已保存在 {file}。放回方法：genbo import &quot;{file}&quot;</translation>
    </message>
    <message>
        <source>{n} samples of session {id} from {start} to {end} were lost (no space to keep them).</source>
        <translation>场次 {id} 在 {start} 至 {end} 的 {n} 个样本已丢失（没有空间保存）。</translation>
    </message>
    <message>
        <source>check the installation and the database; print diagnostics for a bug report</source>
        <translation>检查安装和数据库；打印诊断信息，用于报告问题</translation>
    </message>
    <message>
        <source>how many of the log&apos;s last lines to show (default 200)</source>
        <translation>显示日志最后多少行（默认 200）</translation>
    </message>
    <message>
        <source>Genbo diagnostics: {n} problem(s): {problems}</source>
        <translation>跟播诊断：{n} 个问题：{problems}</translation>
    </message>
    <message>
        <source>Genbo diagnostics: healthy; no database yet ({path}).</source>
        <translation>跟播诊断：正常；还没有数据库（{path}）。</translation>
    </message>
    <message>
        <source>Genbo diagnostics: healthy; database {integrity}, {n} session(s).</source>
        <translation>跟播诊断：正常；数据库 {integrity}，{n} 个场次。</translation>
    </message>
    <message>
        <source>the database could not be read: {error}</source>
        <translation>无法读取数据库：{error}</translation>
    </message>
    <message>
        <source>the database failed its integrity check: {result}</source>
        <translation>数据库未通过完整性检查：{result}</translation>
    </message>
    <message>
        <source>the database (schema {revision}) is upgraded when Genbo next opens it</source>
        <translation>数据库（结构版本 {revision}）会在跟播下次打开时升级</translation>
    </message>
    <message>
        <source>the database is from a newer Genbo (schema {revision})</source>
        <translation>数据库来自更新版本的跟播（结构版本 {revision}）</translation>
    </message>
    <message>
        <source>the keyring could not be read: {error}</source>
        <translation>无法读取密钥环：{error}</translation>
    </message>
    <message>
        <source>the database writer is failing: {problem}</source>
        <translation>数据库写入线程出错：{problem}</translation>
    </message>
    <message>
        <source>{n} emergency files are not in the database yet: genbo import &quot;{file}&quot;</source>
        <translation>{n} 个应急文件还没有放回数据库：genbo import &quot;{file}&quot;</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>a folder is where the file should be</source>
        <translation>该放文件的位置是一个文件夹</translation>
    </message>
    <message>
        <source>not checked (not a SQLite file)</source>
        <translation>未检查（不是 SQLite 文件）</translation>
    </message>
    <message>
        <source>not checked: stopped after {seconds} s (a large file)</source>
        <translation>未检查：{seconds} 秒后停止（文件较大）</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>（另有 {n} 项）</translation>
    </message>
    <message>
        <source>an unreadable settings file was kept as {path}</source>
        <translation>无法读取的设置文件已保留为 {path}</translation>
    </message>
    <message>
        <source>the settings file could not be read: {error}</source>
        <translation>无法读取设置文件：{error}</translation>
    </message>
    <message>
        <source>the settings file is not valid JSON: {error}</source>
        <translation>设置文件不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <source>no log file yet ({path})</source>
        <translation>还没有日志文件（{path}）</translation>
    </message>
    <message>
        <source>the log could not be read: {error}</source>
        <translation>无法读取日志：{error}</translation>
    </message>
    <message>
        <source>Generated {when}</source>
        <translation>生成于 {when}</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>language {language} · locale {locale} · keyring {keyring}</source>
        <translation>语言 {language} · 区域 {locale} · 密钥环 {keyring}</translation>
    </message>
    <message>
        <source>Paths</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>no database yet: {path}</source>
        <translation>还没有数据库：{path}</translation>
    </message>
    <message>
        <source>{path}: {size} (-wal {wal}, -shm {shm})</source>
        <translation>{path}：{size}（-wal {wal}，-shm {shm}）</translation>
    </message>
    <message>
        <source>could not be read: {error}</source>
        <translation>无法读取：{error}</translation>
    </message>
    <message>
        <source>schema {revision} (this Genbo knows up to {known})</source>
        <translation>结构版本 {revision}（此版本跟播最高支持 {known}）</translation>
    </message>
    <message>
        <source>integrity (quick_check): {result}</source>
        <translation>完整性（quick_check）：{result}</translation>
    </message>
    <message>
        <source>sessions: {n} ({trashed} in the trash)</source>
        <translation>场次：{n}（回收站中 {trashed}）</translation>
    </message>
    <message>
        <source>open sessions:</source>
        <translation>未结束的场次：</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>录制中</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>started {start}, last seen {seen}, recorder {recorder}</source>
        <translation>开始于 {start}，最后活动 {seen}，录制进程 {recorder}</translation>
    </message>
    <message>
        <source>live sources:</source>
        <translation>直播中的数据源：</translation>
    </message>
    <message>
        <source>writer: {health}</source>
        <translation>写入线程：{health}</translation>
    </message>
    <message>
        <source>Settings (secrets masked)</source>
        <translation>设置（已隐藏密钥）</translation>
    </message>
    <message>
        <source>no settings file: the defaults</source>
        <translation>没有设置文件：使用默认设置</translation>
    </message>
    <message>
        <source>Team chat spool: {files} file(s), {size}, {notices} notice(s) waiting</source>
        <translation>团队群消息待发队列：{files} 个文件，{size}，{notices} 条消息等待发送</translation>
    </message>
    <message>
        <source>Log: the last {n} lines of {path} (credentials masked)</source>
        <translation>日志：{path} 的最后 {n} 行（凭据已隐藏）</translation>
    </message>
    <message>
        <source>since {when}</source>
        <translation>自 {when} 起</translation>
    </message>
    <message>
        <source>cannot write the log file {path} ({error}); the log goes on here only until it can (tried again every {seconds} s)</source>
        <translation>无法写入日志文件 {path}（{error}）；在恢复之前，日志只在这里显示（每 {seconds} 秒重试一次）</translation>
    </message>
    <message>
        <source>{options} cannot be used with --config: each streamer&apos;s title and sources are given in the wall&apos;s file. Put them there, or drop --config and record one streamer with --streamer NAME.</source>
        <translation>{options} 不能与 --config 一起使用：每位主播的标题和数据源都写在跟播墙文件里。请写进文件，或去掉 --config，用 --streamer NAME 只记录一位主播。</translation>
    </message>
    <message>
        <source>{name} has no sources and nothing can be typed in here: give them a [[streamers.sources]] table, or follow them in the Genbo window.</source>
        <translation>{name} 没有数据源，这里也无法手动录入：请为其添加一个 [[streamers.sources]] 表，或改在 Genbo 窗口中跟播。</translation>
    </message>
    <message>
        <source>Recording the wall &quot;{name}&quot;: {n} streamers · into {db}</source>
        <translation>正在记录跟播墙“{name}”：{n} 位主播 · 写入 {db}</translation>
    </message>
    <message>
        <source>could not start: {error}</source>
        <translation>无法开始：{error}</translation>
    </message>
    <message>
        <source>Recording session {id} · &quot;{title}&quot; · {sources}</source>
        <translation>正在记录场次 {id} · “{title}” · {sources}</translation>
    </message>
    <message>
        <source>{wall} · {elapsed} · {live} live, {waiting} waiting, {ended} ended</source>
        <translation>{wall} · {elapsed} · 直播中 {live}，未开播 {waiting}，已结束 {ended}</translation>
    </message>
    <message>
        <source>waiting, starts in {left}</source>
        <translation>未开播，{left} 后开始</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开播</translation>
    </message>
    <message>
        <source>ended · {duration} · GMV {gmv} · {n} samples</source>
        <translation>已结束 · {duration} · 成交 {gmv} · {n} 条数据</translation>
    </message>
    <message>
        <source>could not be marked as ended</source>
        <translation>未能标记为已结束</translation>
    </message>
    <message>
        <source>saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>{elapsed}{pct}  viewers {viewers}  GMV {gmv}  samples {n}</source>
        <translation>{elapsed}{pct}  在线 {viewers}  成交 {gmv}  数据 {n}</translation>
    </message>
    <message>
        <source>(could not be marked as ended: it shows as interrupted)</source>
        <translation>（未能标记为已结束：将显示为已中断）</translation>
    </message>
    <message>
        <source>follow up to twelve streamers at once in the window (a config file or saved wall)</source>
        <translation>在窗口中同时跟播最多 12 位主播（使用配置文件或已保存的跟播墙）</translation>
    </message>
    <message>
        <source>a TOML or JSON wall file, or the name of a wall saved in the window</source>
        <translation>TOML 或 JSON 格式的跟播墙文件，或在窗口中保存的跟播墙名称</translation>
    </message>
    <message>
        <source>list the saved walls</source>
        <translation>列出已保存的跟播墙</translation>
    </message>
    <message>
        <source>also show the team&apos;s live sessions recorded on other computers (read-only, read from the team server every 5 s); without CONFIG, only them</source>
        <translation>同时显示团队在其他电脑上录制的直播场次（只读，每 5 秒从团队服务器读取）；不给 CONFIG 时只显示这些</translation>
    </message>
    <message>
        <source>read the config and say what it would follow, without opening the window</source>
        <translation>只读取配置并说明将跟播哪些主播，不打开窗口</translation>
    </message>
    <message>
        <source>“{name}” is neither a wall file nor a saved wall (saved: {names})</source>
        <translation>“{name}”既不是跟播墙文件，也不是已保存的跟播墙（已保存：{names}）</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>typed in by hand</source>
        <translation>手动录入</translation>
    </message>
    <message>
        <source>from {time}</source>
        <translation>{time} 起</translation>
    </message>
    <message>
        <source>after {time}</source>
        <translation>{time} 后</translation>
    </message>
    <message>
        <source>due {time}</source>
        <translation>应于 {time} 开播</translation>
    </message>
    <message>
        <source>No saved walls. Save one in the window (Wall tab → Save wall…).</source>
        <translation>没有已保存的跟播墙。可在窗口中保存（“跟播墙”页 → “保存跟播墙…”）。</translation>
    </message>
    <message>
        <source>{name}: {n} streamers</source>
        <translation>{name}：{n} 位主播</translation>
    </message>
    <message>
        <source>name a wall file or a saved wall: genbo wall CONFIG (or genbo wall --list, or genbo wall --team for the team&apos;s live sessions)</source>
        <translation>请指定跟播墙文件或已保存的跟播墙：genbo wall CONFIG（或 genbo wall --list，或用 genbo wall --team 看团队的直播场次）</translation>
    </message>
    <message>
        <source>The team&apos;s live sessions recorded on other computers, read-only: read from the team server every 5 s (about 5 s behind)</source>
        <translation>团队在其他电脑上录制的直播场次，只读：每 5 秒从团队服务器读取（约落后 5 秒）</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text ({error}); save it as UTF-8 and try again.</source>
        <translation>{file} 不是 UTF-8 文本（{error}）；请另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>{file} cannot be read: {error}</source>
        <translation>无法读取 {file}：{error}</translation>
    </message>
    <message>
        <source>{file} is not valid TOML: {error}. Correct the line it names.</source>
        <translation>{file} 不是有效的 TOML：{error}。请修改报错指出的那一行。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: {error} (line {line}, column {column}). Correct it there.</source>
        <translation>{file} 不是有效的 JSON：{error}（第 {line} 行，第 {column} 列）。请在该处修改。</translation>
    </message>
    <message>
        <source>unknown key “{key}”; the known keys are {known}. Check its spelling or remove it.</source>
        <translation>未知键名“{key}”；已知键名：{known}。请检查拼写，或将其删除。</translation>
    </message>
    <message>
        <source>{file}: a wall is a table with name and [[streamers]], not {value}.</source>
        <translation>{file}：跟播墙应是一个含 name 和 [[streamers]] 的表，而不是 {value}。</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>跟播墙</translation>
    </message>
    <message>
        <source>{file}: “name” must be the wall&apos;s name as text, e.g. name = &quot;晚场 Evening&quot;.</source>
        <translation>{file}：“name”必须是文本形式的跟播墙名称，例如 name = &quot;晚场 Evening&quot;。</translation>
    </message>
    <message>
        <source>{file}: “demo” must be true or false, not {value}.</source>
        <translation>{file}：“demo”必须是 true 或 false，而不是 {value}。</translation>
    </message>
    <message>
        <source>{file}: no streamers. Add a [[streamers]] table with a name for each streamer to follow.</source>
        <translation>{file}：没有主播。请为每位要跟播的主播添加一个带 name 的 [[streamers]] 表。</translation>
    </message>
    <message>
        <source>{file}: “streamers” must be a list of tables: write [[streamers]] (two brackets) before each streamer (in JSON, a list of objects).</source>
        <translation>{file}：“streamers”必须是表的列表：在每位主播前写 [[streamers]]（两层方括号；JSON 中则为对象列表）。</translation>
    </message>
    <message>
        <source>{file}: {n} streamers; a wall follows at most {max}. Split them into two walls.</source>
        <translation>{file}：有 {n} 位主播；一面跟播墙最多跟播 {max} 位。请拆成两面跟播墙。</translation>
    </message>
    <message>
        <source>{file}, streamer {n} “{name}”: the same name as streamer {other}; give each streamer once (names are compared ignoring case).</source>
        <translation>{file}，第 {n} 位主播“{name}”：与第 {other} 位主播同名；每位主播只能写一次（名称比较不区分大小写）。</translation>
    </message>
    <message>
        <source>{file}, streamer {n} “{name}”: ingest port {port} is already streamer {other}&apos;s; give each its own port, or port = 0 for a free one.</source>
        <translation>{file}，第 {n} 位主播“{name}”：推送接入端口 {port} 已被第 {other} 位主播使用；请为每位主播设置各自的端口，或设 port = 0 自动选一个空闲端口。</translation>
    </message>
    <message>
        <source>{file}, streamer {n} “{name}”</source>
        <translation>{file}，第 {n} 位主播“{name}”</translation>
    </message>
    <message>
        <source>{file}, streamer {n}</source>
        <translation>{file}，第 {n} 位主播</translation>
    </message>
    <message>
        <source>{where}: “name” is missing; give the streamer&apos;s name, e.g. name = &quot;杨小姐&quot;.</source>
        <translation>{where}：缺少“name”；请填写主播名称，例如 name = &quot;杨小姐&quot;。</translation>
    </message>
    <message>
        <source>{where}: “name” must be the streamer&apos;s name as text, not {value}.</source>
        <translation>{where}：“name”必须是文本形式的主播名称，而不是 {value}。</translation>
    </message>
    <message>
        <source>{where}: “{key}” must be {expected}, not {value}.</source>
        <translation>{where}：“{key}”必须是{expected}，而不是 {value}。</translation>
    </message>
    <message>
        <source>{where}: give start_after_s (seconds after the wall opens) or start_at (a clock time), not both.</source>
        <translation>{where}：start_after_s（跟播墙打开后的秒数）和 start_at（时钟时间）只能给一个，不能同时给。</translation>
    </message>
    <message>
        <source>{where}: “sources” must be a list of tables: write [[streamers.sources]] before each source (in JSON, a list of objects); leave it out to type the numbers in by hand.</source>
        <translation>{where}：“sources”必须是表的列表：在每个数据源前写 [[streamers.sources]]（JSON 中则为对象列表）；不写则改为手动录入数字。</translation>
    </message>
    <message>
        <source>{where}, source {m}</source>
        <translation>{where}，第 {m} 个数据源</translation>
    </message>
    <message>
        <source>{where}: a simulator faster than real time (speed {speed}) must be the streamer&apos;s only source; set speed = 1 or give the other sources to another streamer.</source>
        <translation>{where}：比真实时间快的模拟器（速度 {speed}）必须是该主播唯一的数据源；请设 speed = 1，或把其他数据源给另一位主播。</translation>
    </message>
    <message>
        <source>a number greater than 0</source>
        <translation>大于 0 的数字</translation>
    </message>
    <message>
        <source>a number of seconds, 0 or more</source>
        <translation>不小于 0 的秒数</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a port from 1 to 65535, or 0 for a free one</source>
        <translation>1 到 65535 之间的端口号，或 0（自动选空闲端口）</translation>
    </message>
    <message>
        <source>text in quotes</source>
        <translation>加引号的文本</translation>
    </message>
    <message>
        <source>a file&apos;s path in quotes</source>
        <translation>加引号的文件路径</translation>
    </message>
    <message>
        <source>one of {choices}</source>
        <translation>以下之一：{choices}</translation>
    </message>
    <message>
        <source>a table of texts, e.g. {example}</source>
        <translation>值均为文本的表，例如 {example}</translation>
    </message>
    <message>
        <source>a list of texts, e.g. {example}</source>
        <translation>文本列表，例如 {example}</translation>
    </message>
    <message>
        <source>a table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>a time of day as &quot;HH:MM&quot;, e.g. &quot;18:30&quot;</source>
        <translation>&quot;HH:MM&quot; 格式的时刻，例如 &quot;18:30&quot;</translation>
    </message>
    <message>
        <source>{where}: “kind” is missing; use one of {kinds}, e.g. kind = &quot;simulator&quot;.</source>
        <translation>{where}：缺少“kind”；请使用 {kinds} 之一，例如 kind = &quot;simulator&quot;。</translation>
    </message>
    <message>
        <source>{where}: unknown kind {kind}; use one of {kinds}.</source>
        <translation>{where}：未知类型 {kind}；请使用 {kinds} 之一。</translation>
    </message>
    <message>
        <source>{where}: “path” is missing; give the file to follow, e.g. path = &quot;live.csv&quot;.</source>
        <translation>{where}：缺少“path”；请给出要跟踪的文件，例如 path = &quot;live.csv&quot;。</translation>
    </message>
    <message>
        <source>“config” holds a source&apos;s whole settings and goes alone; remove {keys}.</source>
        <translation>“config”包含数据源的全部设置，只能单独使用；请删除 {keys}。</translation>
    </message>
    <message>
        <source>an http source needs url = &quot;https://…&quot; (or preset = &quot;twitch&quot; or &quot;youtube&quot;), and map = { viewers = &quot;data[0].viewer_count&quot; }.</source>
        <translation>http 数据源需要 url = &quot;https://…&quot;（或 preset = &quot;twitch&quot; 或 &quot;youtube&quot;），以及 map = { viewers = &quot;data[0].viewer_count&quot; }。</translation>
    </message>
    <message>
        <source>unknown kind “{kind}”; use one of {kinds}</source>
        <translation>未知类型“{kind}”；请使用 {kinds} 之一</translation>
    </message>
    <message>
        <source>{name}&apos;s {kind} source: {error}</source>
        <translation>{name} 的 {kind} 数据源：{error}</translation>
    </message>
    <message>
        <source>No saved wall is named “{name}”; the saved walls are: {names}.</source>
        <translation>没有名为“{name}”的已保存跟播墙；已保存的跟播墙：{names}。</translation>
    </message>
    <message>
        <source>No saved wall is named “{name}”; no wall has been saved yet.</source>
        <translation>没有名为“{name}”的已保存跟播墙；还没有保存过任何跟播墙。</translation>
    </message>
    <message>
        <source>Demo wall</source>
        <translation>演示跟播墙</translation>
    </message>
    <message>
        <source>Team&apos;s live sessions</source>
        <translation>团队直播场次</translation>
    </message>
    <message>
        <source>Choose at least one streamer to follow.</source>
        <translation>请至少选择一位要跟播的主播。</translation>
    </message>
    <message>
        <source>{n} streamers chosen; a wall follows at most {max}. Choose fewer.</source>
        <translation>已选 {n} 位主播；一面跟播墙最多跟播 {max} 位。请少选几位。</translation>
    </message>
    <message>
        <source>Roster · {date}</source>
        <translation>主播看板 · {date}</translation>
    </message>
    <message>
        <source>upgrade a team server&apos;s schema to this Genbo&apos;s (back the server up first)</source>
        <translation>把团队服务器的数据库结构升级到本版 Genbo（请先备份服务器）</translation>
    </message>
    <message>
        <source>The data folder&apos;s database upgrades itself when Genbo opens it (a copy of the file is kept first); genbo --db URL upgrade is for a team server.</source>
        <translation>数据文件夹里的数据库会在 Genbo 打开时自动升级（升级前会先保留一份副本）；genbo --db URL upgrade 用于团队服务器。</translation>
    </message>
    <message>
        <source>The team database at {location} is at schema {head}.</source>
        <translation>团队数据库 {location} 的结构已是 {head}。</translation>
    </message>
    <message>
        <source>copy sessions to or from a team&apos;s database server (run again to continue)</source>
        <translation>与团队数据库服务器互相复制场次（再次运行即可继续）</translation>
    </message>
    <message>
        <source>Copy every session, streamer, highlight and ad report row between this data folder and a database server. Nothing is copied twice: running it again copies only what is new, and finishes a run that was stopped.</source>
        <translation>在本数据文件夹与数据库服务器之间复制所有场次、主播、高光和广告报表行。不会重复复制：再次运行只复制新增的内容，并完成中断的那次。</translation>
    </message>
    <message>
        <source>copy this data folder&apos;s history (or --db&apos;s) to the database at URL</source>
        <translation>把本数据文件夹（或 --db 所指）的历史复制到 URL 处的数据库</translation>
    </message>
    <message>
        <source>copy the history at URL into this data folder&apos;s file, to work offline</source>
        <translation>把 URL 处的历史复制到本数据文件夹的文件，以便离线工作</translation>
    </message>
    <message>
        <source>stamp the sessions nobody is named on with NAME (your login on the team server: its roles take only sessions stamped with it)</source>
        <translation>把没有署名的场次记为 NAME（你在团队服务器上的登录名：服务器的角色只接受署了该名字的场次）</translation>
    </message>
    <message>
        <source>The database at {path} was written by a newer version of Genbo (schema {rev}; this version knows up to {head}). Nothing was changed. Update Genbo first.</source>
        <translation>{path} 处的数据库由更新版本的 Genbo 写入（结构 {rev}；本版本只认识到 {head}）。未做任何改动。请先更新 Genbo。</translation>
    </message>
    <message>
        <source>cannot reach the database server {server} ({reason}). Nothing was copied; check the URL and that the server runs, then try again.</source>
        <translation>无法连接数据库服务器 {server}（{reason}）。未复制任何内容；请检查 URL 以及服务器是否在运行，然后重试。</translation>
    </message>
    <message>
        <source>the database server {server} refused the connection ({reason}). Nothing was copied; check the user name and the password (kept in the keyring with: genbo --db URL secret set db-password).</source>
        <translation>数据库服务器 {server} 拒绝了连接（{reason}）。未复制任何内容；请检查用户名和密码（用 genbo --db URL secret set db-password 保存在密钥环中）。</translation>
    </message>
    <message>
        <source>{url} is not a database URL Genbo can open ({error}); e.g. postgresql+psycopg://user@host/genbo</source>
        <translation>{url} 不是 Genbo 能打开的数据库 URL（{error}）；例如 postgresql+psycopg://user@host/genbo</translation>
    </message>
    <message>
        <source>{done}/{total} sessions · {samples} samples</source>
        <translation>{done}/{total} 个场次 · {samples} 个样本</translation>
    </message>
    <message>
        <source>{url} is this data folder&apos;s own database; nothing to copy.</source>
        <translation>{url} 就是本数据文件夹自己的数据库；无需复制。</translation>
    </message>
    <message>
        <source>stopping after the current session…</source>
        <translation>当前场次完成后停止…</translation>
    </message>
    <message>
        <source>Every session copied so far is complete; run the same command again to continue.</source>
        <translation>已复制的场次都是完整的；再次运行同一命令即可继续。</translation>
    </message>
    <message>
        <source>stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>the copy stopped: {error}.</source>
        <translation>复制中途停止：{error}。</translation>
    </message>
    <message>
        <source>{where}: {new} sessions new, {updated} updated, {unchanged} unchanged; {samples} samples, {events} events, {gaps} gaps, {streamers} new streamers, {ads} ad rows copied in {seconds} s.</source>
        <translation>{where}：新增 {new} 个场次，更新 {updated} 个，未变 {unchanged} 个；复制了 {samples} 个样本、{events} 个事件、{gaps} 个断档、{streamers} 个新主播、{ads} 行广告数据，用时 {seconds} 秒。</translation>
    </message>
    <message>
        <source>this data folder</source>
        <translation>本数据文件夹</translation>
    </message>
    <message>
        <source>{n} sessions were not copied: the team server lets this login write only the sessions stamped with its name. To move your own history, run it again with --as YOUR-LOGIN (sessions nobody is named on become yours); else copy them as the team&apos;s owner.</source>
        <translation>{n} 个场次未复制：团队服务器只允许这个登录写入署了它名字的场次。要迁移你自己的历史，请加上 --as 你的登录名 再运行一次（未署名的场次会记在你名下）；否则请以团队所有者身份复制。</translation>
    </message>
    <message>
        <source>stopped after {done} of {total} sessions.</source>
        <translation>已在 {total} 个场次中完成 {done} 个后停止。</translation>
    </message>
    <message>
        <source>Offline: the team server {server} does not answer ({reason}). Recording on this computer ({path}); it is sent to the team server once it answers.</source>
        <translation>离线：团队服务器 {server} 没有响应（{reason}）。正在本机录制（{path}）；服务器响应后会发送到团队服务器。</translation>
    </message>
    <message>
        <source>Sessions recorded offline in {path} are not on the team server yet ({error}); they are sent next time.</source>
        <translation>离线录制在 {path} 的场次还没到团队服务器上（{error}）；下次再发送。</translation>
    </message>
    <message>
        <source>The team server refused {n} sessions recorded offline (this login may not write them); they stay in {path}.</source>
        <translation>团队服务器拒绝了 {n} 个离线录制的场次（这个登录无权写入）；它们留在 {path}。</translation>
    </message>
    <message>
        <source>Sent to the team server what was recorded offline: {n} sessions, {samples} samples.</source>
        <translation>离线录制的内容已发送到团队服务器：{n} 个场次，{samples} 个样本。</translation>
    </message>
    <message>
        <source>screen layouts for reading a dashboard off the screen (OCR)</source>
        <translation>从屏幕读取大屏数字的屏幕布局（OCR）</translation>
    </message>
    <message>
        <source>list the saved screen layouts</source>
        <translation>列出已保存的屏幕布局</translation>
    </message>
    <message>
        <source>read a layout&apos;s boxes once, off the screen or a screenshot</source>
        <translation>读取一次布局中的各个框（屏幕或截图）</translation>
    </message>
    <message>
        <source>a saved layout&apos;s name</source>
        <translation>已保存布局的名称</translation>
    </message>
    <message>
        <source>a screenshot (PNG, JPEG) to cut the boxes from, in its own pixels</source>
        <translation>从截图（PNG、JPEG）中裁出各个框，坐标按截图自身像素</translation>
    </message>
    <message>
        <source>No screen layouts yet. Draw one in the window: New session → Screen → New…</source>
        <translation>还没有屏幕布局。请在窗口中绘制：新建场次 → 屏幕 → 新建…</translation>
    </message>
    <message>
        <source>follows the window “{title}”</source>
        <translation>跟随窗口“{title}”</translation>
    </message>
    <message>
        <source>fixed screen positions</source>
        <translation>固定屏幕位置</translation>
    </message>
    <message>
        <source>{path} is not an image Genbo can read</source>
        <translation>{path} 不是跟播能读取的图片</translation>
    </message>
    <message>
        <source>the box of {metric} lies outside the image ({w}×{h} px)</source>
        <translation>{metric} 的框超出了图片范围（{w}×{h} 像素）</translation>
    </message>
    <message>
        <source>reads well</source>
        <translation>读取正常</translation>
    </message>
    <message>
        <source>nothing to read</source>
        <translation>没有可读的内容</translation>
    </message>
    <message>
        <source>make a moment video (vertical MP4) of a stored session&apos;s milestone or highlight</source>
        <translation>为已保存场次的里程碑或高光制作时刻视频（竖屏 MP4）</translation>
    </message>
    <message>
        <source>the session&apos;s Nth milestone (as --list numbers them)</source>
        <translation>该场次的第 N 个里程碑（按 --list 的编号）</translation>
    </message>
    <message>
        <source>a highlight&apos;s id (a unique start of it is enough)</source>
        <translation>高光的 ID（写出能唯一区分的开头即可）</translation>
    </message>
    <message>
        <source>list the session&apos;s milestones and highlights</source>
        <translation>列出该场次的里程碑和高光</translation>
    </message>
    <message>
        <source>FILE.mp4 (default: the cards folder)</source>
        <translation>FILE.mp4（默认：卡片文件夹）</translation>
    </message>
    <message>
        <source>length, {lo} to {hi} s (default {default})</source>
        <translation>时长，{lo} 到 {hi} 秒（默认 {default}）</translation>
    </message>
    <message>
        <source>Making the video: {pct}%</source>
        <translation>正在制作视频：{pct}%</translation>
    </message>
    <message>
        <source>genbo: a moment video is written as .mp4, not {name}</source>
        <translation>genbo：时刻视频只能写成 .mp4，不能是 {name}</translation>
    </message>
    <message>
        <source>This session has no milestones or highlights yet.</source>
        <translation>该场次还没有里程碑或高光。</translation>
    </message>
</context>
<context>
    <name>AdsImportDialog</name>
    <message>
        <source>Import an ad report</source>
        <translation>导入投流报表</translation>
    </message>
    <message>
        <source>The 磁力金牛 or 千川 report export (.csv or .xlsx), rows per day and plan</source>
        <translation>磁力金牛或千川导出的报表（.csv 或 .xlsx），每天每个计划一行</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>The export was made on</source>
        <translation>报表导出日期</translation>
    </message>
    <message>
        <source>T15 and T30 settle 15 and 30 days after the spend, so Genbo keeps the day each export was made; unticked: today</source>
        <translation>T15 和 T30 在消耗后 15 天、30 天才结算完，所以 Genbo 记下每份报表的导出日期；不勾选：今天</translation>
    </message>
    <message>
        <source>As its columns say</source>
        <translation>按表头识别</translation>
    </message>
    <message>
        <source>磁力金牛 (Kuaishou)</source>
        <translation>磁力金牛（快手）</translation>
    </message>
    <message>
        <source>千川 (Douyin)</source>
        <translation>千川（抖音）</translation>
    </message>
    <message>
        <source>Report of</source>
        <translation>报表来源</translation>
    </message>
    <message>
        <source>Importing a report again updates the same rows (platform, account, day and plan): nothing is counted twice, and newer figures are kept (an older export never overwrites a later one&apos;s).</source>
        <translation>再次导入会更新同一批行（平台、账号、日期、计划）：不会重复计算，且保留较新的数据（较早导出的报表不会覆盖较晚的）。</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <source>Not matched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>Problems and notes</source>
        <translation>问题与说明</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Ad reports (*.csv *.xlsx *.xlsm *.txt);;All files (*)</source>
        <translation>投流报表 (*.csv *.xlsx *.xlsm *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Wait for the import to finish before choosing another file.</source>
        <translation>请等导入完成后再选择其他文件。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Cannot import this file: {why}</source>
        <translation>无法导入此文件：{why}</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>消耗</translation>
    </message>
    <message>
        <source>Sessions that day</source>
        <translation>当天场次</translation>
    </message>
    <message>
        <source>{n}: {ids}</source>
        <translation>{n} 场：{ids}</translation>
    </message>
    <message>
        <source>none (stored for the day)</source>
        <translation>无（按当天保存）</translation>
    </message>
    <message>
        <source>The row is the day&apos;s: its figures are shared by the streamer&apos;s sessions that day</source>
        <translation>这一行是当天的数据：由该主播当天的各场次共享</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Why it is not stored</source>
        <translation>未保存的原因</translation>
    </message>
    <message>
        <source>The totals row (合计) is not a plan; skipped: row {rows}</source>
        <translation>合计行不是计划，已跳过：第 {rows} 行</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>说明：{note}</translation>
    </message>
    <message>
        <source>Columns not read: {cols}</source>
        <translation>未读取的列：{cols}</translation>
    </message>
    <message>
        <source>Matched ({n})</source>
        <translation>已匹配（{n}）</translation>
    </message>
    <message>
        <source>Not matched ({n})</source>
        <translation>未匹配（{n}）</translation>
    </message>
    <message>
        <source>Problems and notes ({n})</source>
        <translation>问题与说明（{n}）</translation>
    </message>
    <message>
        <source>No row matches a streamer: nothing would be stored.</source>
        <translation>没有一行能匹配到主播：不会保存任何数据。</translation>
    </message>
    <message>
        <source>{n} rows will be stored. Left out: {bad} (“Not matched” and “Problems and notes” say why).</source>
        <translation>将保存 {n} 行。未保存：{bad} 行（原因见“未匹配”和“问题与说明”）。</translation>
    </message>
    <message>
        <source>{n} rows will be stored.</source>
        <translation>将保存 {n} 行。</translation>
    </message>
    <message>
        <source>{tool} report: {rows} rows read under the headings in row {header}; as of {as_of}. Windows: {windows}.</source>
        <translation>{tool}报表：表头在第 {header} 行，读取 {rows} 行；导出日期 {as_of}。口径：{windows}。</translation>
    </message>
    <message>
        <source>not settled</source>
        <translation>未结算</translation>
    </message>
    <message>
        <source>{gmv} · ROI {roi}</source>
        <translation>{gmv} · ROI {roi}</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Storing</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Stored: {new} new, {updated} updated, {same} unchanged; {kept} kept as they were (a newer export is stored); {bad} left out.</source>
        <translation>已保存：新增 {new} 行，更新 {updated} 行，未变 {same} 行；{kept} 行保持原样（已存有较新的报表）；{bad} 行未保存。</translation>
    </message>
    <message>
        <source>Row {row}: the stored figures are as of {day}, newer than this export</source>
        <translation>第 {row} 行：已保存的数据导出于 {day}，比这份报表新</translation>
    </message>
    <message>
        <source>Nothing was imported: {why}</source>
        <translation>未导入任何数据：{why}</translation>
    </message>
</context>
<context>
    <name>AlertRulesDialog</name>
    <message>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>From {low} to {high}.</source>
        <translation>范围：{low} 至 {high}。</translation>
    </message>
    <message>
        <source>{metric} {sign}{pct}% in {minutes} min</source>
        <translation>{metric} {minutes} 分钟内 {sign}{pct}%</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>(off)</source>
        <translation>（已关闭）</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>提醒规则</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No rules: add one.</source>
        <translation>没有规则：请添加一条。</translation>
    </message>
    <message>
        <source>Rule {number}: {message}</source>
        <translation>规则 {number}：{message}</translation>
    </message>
</context>
<context>
    <name>BannerQueue</name>
    <message>
        <source>Next</source>
        <translation>下一条</translation>
    </message>
    <message>
        <source>Show the next milestone; this one comes round again</source>
        <translation>看下一条里程碑;这一条稍后还会轮到</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Take this milestone away (Esc)</source>
        <translation>关掉这条里程碑(Esc)</translation>
    </message>
    <message>
        <source>{i} of {n}</source>
        <translation>第 {i} / {n} 条</translation>
    </message>
</context>
<context>
    <name>ChannelsView</name>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>GPM</translation>
    </message>
    <message>
        <source>Share of the session&apos;s entries</source>
        <translation>占本场进入直播间人数的比例</translation>
    </message>
    <message>
        <source>The channel&apos;s median share in the streamer&apos;s previous sessions</source>
        <translation>该渠道在主播前几场的占比中位数</translation>
    </message>
    <message>
        <source>GMV of the viewers this channel brought</source>
        <translation>该渠道带来的观众的成交金额</translation>
    </message>
    <message>
        <source>GMV per 1,000 entries from this channel, where both are known</source>
        <translation>该渠道每千人进入的成交金额（两项都有数据时）</translation>
    </message>
    <message>
        <source>A channel the source names “{name}”</source>
        <translation>数据源命名为“{name}”的渠道</translation>
    </message>
    <message>
        <source>{points} points below the median</source>
        <translation>低于中位数 {points} 个百分点</translation>
    </message>
    <message>
        <source>{points} points above the median</source>
        <translation>高于中位数 {points} 个百分点</translation>
    </message>
    <message>
        <source>Needs both the channel&apos;s entries and its GMV</source>
        <translation>需要该渠道的进入人数和成交金额</translation>
    </message>
    <message>
        <source>Not by channel</source>
        <translation>未分渠道</translation>
    </message>
    <message>
        <source>Entries no channel accounts for</source>
        <translation>未归入任何渠道的进入人数</translation>
    </message>
    <message>
        <source>No entries by channel yet</source>
        <translation>暂无分渠道的进入人数</translation>
    </message>
    <message>
        <source>Entries by channel per minute · {total} entries</source>
        <translation>每分钟分渠道进入人数 · 共 {total} 人进入</translation>
    </message>
    <message>
        <source>median of {n} sessions</source>
        <translation>{n} 场的中位数</translation>
    </message>
    <message>
        <source>no median yet</source>
        <translation>暂无中位数</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Minutes since start</source>
        <translation>开播后分钟数</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>钟点</translation>
    </message>
    <message>
        <source>Line up by:</source>
        <translation>对齐方式：</translation>
    </message>
    <message>
        <source>only its figures are stored: no minutes to draw</source>
        <translation>只存了汇总指标：没有分钟数据可画</translation>
    </message>
    <message>
        <source>no GMV or viewer readings: no minutes to draw</source>
        <translation>没有成交金额或在线人数数据：没有分钟数据可画</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Gathering…</source>
        <translation>正在收集…</translation>
    </message>
    <message>
        <source>Gathering the diagnostics…</source>
        <translation>正在收集诊断信息…</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>复制诊断信息</translation>
    </message>
    <message>
        <source>Put the whole text on the clipboard, to paste into a bug report</source>
        <translation>把全部文字复制到剪贴板，以便粘贴到问题报告中</translation>
    </message>
    <message>
        <source>Gather again</source>
        <translation>重新收集</translation>
    </message>
    <message>
        <source>The diagnostics could not be gathered: {error}</source>
        <translation>无法收集诊断信息：{error}</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
</context>
<context>
    <name>EventFeed</name>
    <message>
        <source>Nothing yet. Source problems and gaps show up here.</source>
        <translation>暂无内容。数据源问题和断档会显示在这里。</translation>
    </message>
    <message>
        <source>{elapsed} into the session</source>
        <translation>开播后 {elapsed}</translation>
    </message>
    <message>
        <source>Genbo was not running for {duration}: no data from any source</source>
        <translation>Genbo 有 {duration} 未运行：所有数据源均无数据</translation>
    </message>
    <message>
        <source>{source}: no data since then — {reason}</source>
        <translation>{source}：此后无数据 — {reason}</translation>
    </message>
    <message>
        <source>{source}: gap of {duration} ended ({reason})</source>
        <translation>{source}：{duration} 的断档已结束（{reason}）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export session {id}</source>
        <translation>导出场次 {id}</translation>
    </message>
    <message>
        <source>YouTube chapters (text)</source>
        <translation>YouTube 章节（文本）</translation>
    </message>
    <message>
        <source>EDL, CMX 3600 (Avid, Premiere, Resolve, Vegas)</source>
        <translation>EDL，CMX 3600（Avid、Premiere、Resolve、Vegas）</translation>
    </message>
    <message>
        <source>DaVinci Resolve timeline markers (EDL)</source>
        <translation>DaVinci Resolve 时间线标记（EDL）</translation>
    </message>
    <message>
        <source>Adobe Premiere markers (FCP 7 XML)</source>
        <translation>Adobe Premiere 标记（FCP 7 XML）</translation>
    </message>
    <message>
        <source>Final Cut Pro X markers (FCPXML)</source>
        <translation>Final Cut Pro X 标记（FCPXML）</translation>
    </message>
    <message>
        <source>Subtitles, one per highlight (SRT)</source>
        <translation>字幕，每个高光一条（SRT）</translation>
    </message>
    <message>
        <source>Spreadsheet (CSV for Excel)</source>
        <translation>表格（Excel 用 CSV）</translation>
    </message>
    <message>
        <source>The whole session (JSON)</source>
        <translation>整场数据（JSON）</translation>
    </message>
    <message>
        <source>Segments as a ranked clip list (CSV)</source>
        <translation>环节排名片段清单（CSV）</translation>
    </message>
    <message>
        <source>复盘 workbook: summary, minutes, highlights, segments (Excel)</source>
        <translation>复盘工作簿：汇总、分钟、高光、环节（Excel）</translation>
    </message>
    <message>
        <source>复盘 report, one page (PDF)</source>
        <translation>复盘报告，单页（PDF）</translation>
    </message>
    <message>
        <source>复盘 report, one page (PNG)</source>
        <translation>复盘报告，单页（PNG）</translation>
    </message>
    <message>
        <source>When the video recording started before the session, enter a positive offset (+0:02:00: the session&apos;s 0:00 is 2:00 into the video); negative when it started later.</source>
        <translation>视频比本场更早开始录制时填正偏移（+0:02:00：本场的 0:00 在视频的 2:00 处）；更晚开始时填负值。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Video offset</source>
        <translation>视频偏移</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>请选择文件保存位置。</translation>
    </message>
    <message>
        <source>The file name ends in “{suffix}”, but this format writes a .{ext} file. Nothing was written: change the name or the format.</source>
        <translation>文件名以“{suffix}”结尾，但该格式写出的是 .{ext} 文件。未写入任何内容：请修改文件名或格式。</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Reading the session</source>
        <translation>正在读取场次</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>正在写入</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Changed to fit the format:</source>
        <translation>为适应格式做了调整：</translation>
    </message>
    <message>
        <source>Nothing was written: {why}</source>
        <translation>未写入任何内容：{why}</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>File (a CSV or JSON-lines file another program appends to)</source>
        <translation>文件（其他程序持续追加的 CSV 或 JSON-lines 文件）</translation>
    </message>
    <message>
        <source>e.g. live_numbers.csv with a header row</source>
        <translation>例如带标题行的 live_numbers.csv</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>by file name</source>
        <translation>按文件名</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Follow a file</source>
        <translation>跟踪文件</translation>
    </message>
    <message>
        <source>Data (*.csv *.jsonl *.ndjson *.txt)</source>
        <translation>数据文件 (*.csv *.jsonl *.ndjson *.txt)</translation>
    </message>
    <message>
        <source>Choose the file to follow.</source>
        <translation>请选择要跟踪的文件。</translation>
    </message>
</context>
<context>
    <name>FunnelPanel</name>
    <message>
        <source>{zh}: {numerator} ÷ {denominator}</source>
        <translation>{zh}：{numerator} ÷ {denominator}</translation>
    </message>
    <message>
        <source>Act here: the first step below the streamer&apos;s median</source>
        <translation>从这里着手：第一个低于主播中位数的环节</translation>
    </message>
    <message>
        <source>Act here: {step} is at {fraction} of the streamer&apos;s median ({rate} against {median}).</source>
        <translation>从这里着手：{step}只有主播中位数的 {fraction}（{rate}，中位数 {median}）。</translation>
    </message>
    <message>
        <source>The first step below its median: a leak there starves every step after it</source>
        <translation>第一个低于中位数的环节：这里流失，后面每一步都会受影响</translation>
    </message>
    <message>
        <source>No step is clearly below the streamer&apos;s median.</source>
        <translation>没有哪一步明显低于主播的中位数。</translation>
    </message>
    <message>
        <source>A step is the place to act when it is at least 5% below its median.</source>
        <translation>某一步比中位数低 5% 以上时，才标为需要着手的地方。</translation>
    </message>
    <message>
        <source>No funnel readings yet</source>
        <translation>暂无漏斗数据</translation>
    </message>
    <message>
        <source>Reading the streamer&apos;s earlier sessions…</source>
        <translation>正在读取主播之前的场次…</translation>
    </message>
    <message>
        <source>The streamer&apos;s medians could not be read: {error}</source>
        <translation>无法读取主播的中位数：{error}</translation>
    </message>
    <message>
        <source>No median yet: the streamer has no earlier recorded sessions</source>
        <translation>暂无中位数：该主播之前没有录制过场次</translation>
    </message>
    <message>
        <source>Against the median of the streamer&apos;s previous {n} sessions</source>
        <translation>对比该主播前 {n} 场的中位数</translation>
    </message>
    <message>
        <source>no impressions reading</source>
        <translation>没有曝光人数数据</translation>
    </message>
    <message>
        <source>no entries reading</source>
        <translation>没有进入人数数据</translation>
    </message>
    <message>
        <source>no product clicks reading</source>
        <translation>没有商品点击数据</translation>
    </message>
    <message>
        <source>no buyers reading</source>
        <translation>没有成交人数数据</translation>
    </message>
    <message>
        <source>0 impressions so far: no rate</source>
        <translation>曝光人数为 0：暂无比率</translation>
    </message>
    <message>
        <source>0 entries so far: no rate</source>
        <translation>进入人数为 0：暂无比率</translation>
    </message>
    <message>
        <source>0 product clicks so far: no rate</source>
        <translation>商品点击为 0：暂无比率</translation>
    </message>
    <message>
        <source>no median yet</source>
        <translation>暂无中位数</translation>
    </message>
    <message>
        <source>{fraction} of median {median}</source>
        <translation>为中位数 {median} 的 {fraction}</translation>
    </message>
    <message>
        <source>median {median}</source>
        <translation>中位数 {median}</translation>
    </message>
    <message>
        <source>{ordinal} of {of}</source>
        <translation>第 {rank}/{of} 名</translation>
    </message>
</context>
<context>
    <name>GhostController</name>
    <message>
        <source>Reading earlier sessions…</source>
        <translation>正在读取历史场次…</translation>
    </message>
    <message>
        <source>Earlier sessions could not be read</source>
        <translation>无法读取历史场次</translation>
    </message>
    <message>
        <source>Choose one with ▾</source>
        <translation>点 ▾ 选择</translation>
    </message>
    <message>
        <source>First session: no ghost yet</source>
        <translation>首场：暂无对标线</translation>
    </message>
    <message>
        <source>This is the streamer&apos;s first recorded session with samples: there is nothing to compare it with yet. From the next session on, the ghost line shows the median of the earlier ones.</source>
        <translation>这是该主播第一场有数据的记录，暂时没有可对比的场次。从下一场起，对标线显示历史场次的中位数。</translation>
    </message>
    <message>
        <source>Projected ≈{value}</source>
        <translation>预计 ≈{value}</translation>
    </message>
    <message>
        <source>Projected {value} (so far)</source>
        <translation>预计 {value}（当前）</translation>
    </message>
    <message>
        <source>No projection: no earlier GMV</source>
        <translation>无法预测：没有历史成交金额</translation>
    </message>
    <message>
        <source>Projection after the first GMV</source>
        <translation>首笔成交后开始预测</translation>
    </message>
    <message>
        <source>Projection after the first sale</source>
        <translation>首单成交后开始预测</translation>
    </message>
    <message>
        <source>No projection: median sold nothing yet</source>
        <translation>无法预测：中位数场次此时尚未成交</translation>
    </message>
    <message>
        <source>No projection at this minute</source>
        <translation>此时无法预测</translation>
    </message>
    <message>
        <source>{kind} at {at}, from {n} earlier sessions with samples</source>
        <translation>{kind}，{at} 时，基于 {n} 场有数据的历史场次</translation>
    </message>
    <message>
        <source>The live session is longer than the ghost&apos;s session.</source>
        <translation>本场已比对标场次更长。</translation>
    </message>
    <message>
        <source>The live session is already longer than every earlier one: nothing is left of their shape to scale, so the projection is the GMV so far.</source>
        <translation>本场已比所有历史场次都长：没有剩余走势可参照，预测值即当前成交金额。</translation>
    </message>
    <message>
        <source>Projected final GMV {value}, likely {low} – {high}</source>
        <translation>预计最终成交金额 {value}，大概率在 {low} – {high}</translation>
    </message>
    <message>
        <source>Projection: the median session&apos;s remaining shape, scaled by how this session stands against it now; the range is the 25th–75th percentile of the streamer&apos;s earlier sessions ({n} sessions).</source>
        <translation>预测方法：取中位数场次剩余的走势，按本场此刻与它的比例缩放；区间为该主播历史场次的第 25–75 百分位（{n} 场）。</translation>
    </message>
    <message>
        <source>{n} earlier sessions have only figures, no minutes: not used.</source>
        <translation>{n} 场历史场次只有汇总指标、没有分钟数据：未使用。</translation>
    </message>
</context>
<context>
    <name>GhostTile</name>
    <message>
        <source>What the live session is held against</source>
        <translation>本场直播的对标对象</translation>
    </message>
    <message>
        <source>Median of earlier sessions</source>
        <translation>历史场次中位数</translation>
    </message>
    <message>
        <source>Best earlier session</source>
        <translation>历史最佳场次</translation>
    </message>
    <message>
        <source>Last session</source>
        <translation>上一场</translation>
    </message>
    <message>
        <source>No ghost line</source>
        <translation>不显示对标线</translation>
    </message>
    <message>
        <source>vs median</source>
        <translation>对比中位数</translation>
    </message>
    <message>
        <source>vs best</source>
        <translation>对比最佳</translation>
    </message>
    <message>
        <source>vs last</source>
        <translation>对比上一场</translation>
    </message>
    <message>
        <source>Ghost line off</source>
        <translation>对标线已关闭</translation>
    </message>
</context>
<context>
    <name>HighlightsPanel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>−5 s</source>
        <translation>−5 秒</translation>
    </message>
    <message>
        <source>+5 s</source>
        <translation>+5 秒</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Save a shareable moment card (PNG) for this highlight</source>
        <translation>为这个高光保存一张可分享的时刻卡片（PNG）</translation>
    </message>
    <message>
        <source>Press H (or ★ Mark) to mark a moment for the editors.</source>
        <translation>按 H（或 ★ 标记）为剪辑标记一个时刻。</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Make a moment video (vertical MP4, ready to post) for this highlight</source>
        <translation>为这个高光制作时刻视频（竖屏 MP4，可直接发布）</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the saved moment card</source>
        <translation>打开已保存的时刻卡片</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Show the folder the moment cards are saved in</source>
        <translation>打开时刻卡片所在的文件夹</translation>
    </message>
    <message>
        <source>Open the moment video made last</source>
        <translation>打开最近制作的时刻视频</translation>
    </message>
    <message>
        <source>Show the folder the moment videos are saved in</source>
        <translation>打开时刻视频所在的文件夹</translation>
    </message>
    <message>
        <source>Card saved: {name}</source>
        <translation>卡片已保存：{name}</translation>
    </message>
    <message>
        <source>Card not saved: {why}</source>
        <translation>卡片未保存：{why}</translation>
    </message>
    <message>
        <source>Making the video… {pct}%</source>
        <translation>正在制作视频… {pct}%</translation>
    </message>
    <message>
        <source>{n} more waiting</source>
        <translation>还有 {n} 个排队</translation>
    </message>
    <message>
        <source>Video saved: {name}</source>
        <translation>视频已保存：{name}</translation>
    </message>
    <message>
        <source>Video not made: {why}</source>
        <translation>视频未能制作：{why}</translation>
    </message>
    <message>
        <source>Move highlight</source>
        <translation>移动高光</translation>
    </message>
    <message>
        <source>Delete highlight</source>
        <translation>删除高光</translation>
    </message>
    <message>
        <source>Rename highlight</source>
        <translation>重命名高光</translation>
    </message>
    <message>
        <source>Tag highlight</source>
        <translation>给高光加标签</translation>
    </message>
</context>
<context>
    <name>HttpPanel</name>
    <message>
        <source>HTTP poll (a JSON API: Twitch, YouTube, your own)</source>
        <translation>HTTP 轮询（JSON API：Twitch、YouTube 或自建）</translation>
    </message>
    <message>
        <source>Generic JSON</source>
        <translation>通用 JSON</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in the database</source>
        <translation>保存在系统密钥环中，绝不写入数据库</translation>
    </message>
    <message>
        <source>No keyring on this system: keep the token for this run only</source>
        <translation>本系统没有密钥环：令牌仅本次运行有效</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Fetch once and show what comes back</source>
        <translation>请求一次并显示返回内容</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Client-Id</source>
        <translation>Client-Id</translation>
    </message>
    <message>
        <source>Video id</source>
        <translation>视频 id</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Secret ({token})</source>
        <translation>密钥（{token}）</translation>
    </message>
    <message>
        <source>Enter the API&apos;s URL.</source>
        <translation>请输入 API 地址。</translation>
    </message>
    <message>
        <source>Map lines look like viewers = data[0].viewer_count</source>
        <translation>映射每行形如 viewers = data[0].viewer_count</translation>
    </message>
    <message>
        <source>Header lines look like Name: value</source>
        <translation>请求头每行形如 Name: value</translation>
    </message>
    <message>
        <source>Enter the {what}; it is needed for every request.</source>
        <translation>请输入{what}，每次请求都需要。</translation>
    </message>
    <message>
        <source>This system has no keyring to keep the token in. Tick “keep the token for this run only” to use it anyway.</source>
        <translation>本系统没有可保存令牌的密钥环。勾选“令牌仅本次运行有效”即可照常使用。</translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation>正在请求…</translation>
    </message>
    <message>
        <source>HTTP {status}</source>
        <translation>HTTP {status}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a session</source>
        <translation>导入场次</translation>
    </message>
    <message>
        <source>Genbo&apos;s JSON export, or a CSV with a time column</source>
        <translation>Genbo 的 JSON 导出，或带时间列的 CSV</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期和时间</translation>
    </message>
    <message>
        <source>Clock time (HH:MM) on the show&apos;s date</source>
        <translation>直播当天的钟点（HH:MM）</translation>
    </message>
    <message>
        <source>Minutes since the start</source>
        <translation>开播后分钟数</translation>
    </message>
    <message>
        <source>Unix time</source>
        <translation>Unix 时间戳</translation>
    </message>
    <message>
        <source>With minutes since the start: when the show started</source>
        <translation>时间为开播后分钟数时：开播时间</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <source>whose session it is</source>
        <translation>这场直播的主播</translation>
    </message>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import as a copy</source>
        <translation>作为副本导入</translation>
    </message>
    <message>
        <source>Keep the session already in the library and add this one as a new session</source>
        <translation>保留场次库中已有的场次，并把这场作为新场次添加</translation>
    </message>
    <message>
        <source>Sessions (*.json *.jsonl *.csv *.tsv *.txt);;All files (*)</source>
        <translation>场次文件 (*.json *.jsonl *.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Wait for the import to finish before choosing another file.</source>
        <translation>请等待导入完成后再选择其他文件。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Cannot import this file: {why}</source>
        <translation>无法导入该文件：{why}</translation>
    </message>
    <message>
        <source>Emergency file: {samples} samples that could not be written to the database ({sessions}). Importing puts them back into their sessions; samples already stored are left out.</source>
        <translation>应急文件：{samples} 个未能写入数据库的样本（{sessions}）。导入会把它们放回原场次；已存入的样本会跳过。</translation>
    </message>
    <message>
        <source>sessions {ids}</source>
        <translation>场次 {ids}</translation>
    </message>
    <message>
        <source>Genbo export (version {version}) of {streamer} “{title}”, started {started}, {duration} long: {samples} samples, {events} events, {gaps} gaps, GMV {gmv}.</source>
        <translation>Genbo 导出文件（版本 {version}），{streamer}“{title}”，{started} 开播，时长 {duration}：{samples} 条数据，{events} 个事件，{gaps} 段断档，成交金额 {gmv}。</translation>
    </message>
    <message>
        <source>CSV ({encoding}), {rows} rows under the headings in row {header}. Choose what each column is; cells that cannot be read are marked.</source>
        <translation>CSV（{encoding}），第 {header} 行为列标题，其下 {rows} 行。请选择每列对应的内容；无法读取的单元格已标出。</translation>
    </message>
    <message>
        <source>Use as</source>
        <translation>用作</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>{metric} (running total)</source>
        <translation>{metric}（累计值）</translation>
    </message>
    <message>
        <source>{metric} (per minute)</source>
        <translation>{metric}（每分钟）</translation>
    </message>
    <message>
        <source>Cannot read the file this way: {why}</source>
        <translation>无法按这种方式读取文件：{why}</translation>
    </message>
    <message>
        <source>Row {row}, {column}: “{text}” — {reason}</source>
        <translation>第 {row} 行，{column}：“{text}” — {reason}</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… 还有 {n} 处</translation>
    </message>
    <message>
        <source>Cells that cannot be read: {cells}. They are marked, with their reasons in the tooltips and below. Nothing is imported while they remain.</source>
        <translation>无法读取的单元格：{cells}。已标出，原因见提示框和下方。在它们解决之前不会导入任何内容。</translation>
    </message>
    <message>
        <source>Every cell can be read: {rows} rows of {metrics}.</source>
        <translation>所有单元格都能读取：{rows} 行，含 {metrics}。</translation>
    </message>
    <message>
        <source>Leave out the rows with cells that cannot be read ({n})</source>
        <translation>跳过含无法读取单元格的行（{n}）</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported as session {id}: {streamer} “{title}”, {samples} samples, GMV {gmv}.</source>
        <translation>已导入为场次 {id}：{streamer}“{title}”，{samples} 条数据，成交金额 {gmv}。</translation>
    </message>
    <message>
        <source>Nothing was imported: {why}</source>
        <translation>未导入任何内容：{why}</translation>
    </message>
    <message>
        <source>Reading the file</source>
        <translation>正在读取文件</translation>
    </message>
    <message>
        <source>Reading the samples</source>
        <translation>正在读取数据</translation>
    </message>
    <message>
        <source>Storing</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>IngestPanel</name>
    <message>
        <source>Push ingest (userscripts, OBS scripts, curl post numbers to Genbo)</source>
        <translation>推送接入（用户脚本、OBS 脚本、curl 把数据推送给 Genbo）</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任一空闲端口</translation>
    </message>
    <message>
        <source>Listens on 127.0.0.1 only. The address and token are shown once the session starts.</source>
        <translation>仅监听 127.0.0.1。开播后会显示地址和令牌。</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
</context>
<context>
    <name>InterruptedBanner</name>
    <message>
        <source>Resume recording</source>
        <translation>继续记录</translation>
    </message>
    <message>
        <source>End this session</source>
        <translation>结束此场</translation>
    </message>
    <message>
        <source>End it for good without resuming; History keeps it as interrupted. Its stored samples are kept and its summary is rebuilt from them.</source>
        <translation>不再继续，直接结束；历史中记为已中断。已存的数据保留，并据此重建汇总。</translation>
    </message>
    <message>
        <source>Session {id} of {streamer} (started {start}) was interrupted {at} into the session and never stopped.</source>
        <translation>{streamer} 的场次 {id}（{start} 开播）在开播 {at} 后中断，未正常停止。</translation>
    </message>
    <message>
        <source>Session {id} of {streamer} (started {start}) was interrupted and never stopped.</source>
        <translation>{streamer} 的场次 {id}（{start} 开播）已中断，未正常停止。</translation>
    </message>
    <message>
        <source>The one sample that reached the database is kept.</source>
        <translation>已写入数据库的 1 条数据保留。</translation>
    </message>
    <message>
        <source>All {n} samples that reached the database are kept.</source>
        <translation>已写入数据库的 {n} 条数据全部保留。</translation>
    </message>
    <message>
        <source>No samples had reached the database.</source>
        <translation>没有数据写入数据库。</translation>
    </message>
    <message>
        <source>({n} more interrupted sessions after this one.)</source>
        <translation>（之后还有 {n} 场中断的场次。）</translation>
    </message>
</context>
<context>
    <name>LadderDialog</name>
    <message>
        <source>Leap ladder</source>
        <translation>跃迁阶梯</translation>
    </message>
    <message>
        <source>The monthly GMV thresholds a streamer&apos;s leap (商家跃迁) is counted at, separated by commas.</source>
        <translation>计算主播跃迁（商家跃迁）的月度成交金额门槛，用逗号分隔。</translation>
    </message>
    <message>
        <source>Give at least one amount above zero, e.g. 50万, 200万, 500万.</source>
        <translation>请至少给出一个大于零的金额，例如 50万, 200万, 500万。</translation>
    </message>
</context>
<context>
    <name>LeapHistoryChart</name>
    <message>
        <source>First time ever</source>
        <translation>历史首次</translation>
    </message>
    <message>
        <source>Crossed</source>
        <translation>突破</translation>
    </message>
    <message>
        <source>first time ever</source>
        <translation>历史首次</translation>
    </message>
    <message>
        <source>crossed</source>
        <translation>突破</translation>
    </message>
    <message>
        <source>12 months, streamers ({what}):</source>
        <translation>近 12 个月，主播（{what}）：</translation>
    </message>
    <message>
        <source>Genbo&apos;s figures start in {month}: a streamer already past a threshold then is not counted as crossing it for the first time.</source>
        <translation>Genbo 的数据从 {month} 开始：当时已超过某门槛的主播，不算首次突破。</translation>
    </message>
</context>
<context>
    <name>LeapTile</name>
    <message>
        <source>{n} crossed this month</source>
        <translation>本月 {n} 位突破</translation>
    </message>
    <message>
        <source>first time ever</source>
        <translation>历史首次</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>跟播人</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <source>Punctuality</source>
        <translation>准时率</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Peak viewers</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>Avg viewers</source>
        <translation>平均在线</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>GMV 15 min</source>
        <translation>前15分钟成交</translation>
    </message>
    <message>
        <source>GMV 30 min</source>
        <translation>前30分钟成交</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>千次观看成交金额 GPM</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>投流消耗</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Σ: only the summary figures are stored (no samples)</source>
        <translation>Σ：只存了汇总指标（无分钟数据）</translation>
    </message>
    <message>
        <source>Who rode along (blank: nobody named)</source>
        <translation>谁跟播的（空白：未署名）</translation>
    </message>
    <message>
        <source>When it started, in the session&apos;s own local time</source>
        <translation>开播时间，按该场次的本地时间</translation>
    </message>
    <message>
        <source>When it started against the streamer&apos;s planned start</source>
        <translation>实际开播与计划开播的对比</translation>
    </message>
    <message>
        <source>Average viewers online, weighted by time</source>
        <translation>按时间加权的平均在线人数</translation>
    </message>
    <message>
        <source>GMV in the first 15 minutes</source>
        <translation>前15分钟成交金额</translation>
    </message>
    <message>
        <source>GMV in the first 30 minutes</source>
        <translation>前30分钟成交金额</translation>
    </message>
    <message>
        <source>GMV per 1,000 views</source>
        <translation>每千次观看的成交金额</translation>
    </message>
    <message>
        <source>Paid-traffic spend</source>
        <translation>投流消耗</translation>
    </message>
    <message>
        <source>When it was moved to the trash; it is removed for good {days} days later</source>
        <translation>移入回收站的时间；{days} 天后彻底删除</translation>
    </message>
    <message>
        <source>The 复盘 notes: what worked, what to change</source>
        <translation>复盘笔记：哪些做得好，哪些要改</translation>
    </message>
    <message>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <source>{span} late</source>
        <translation>晚 {span}</translation>
    </message>
    <message>
        <source>{span} early</source>
        <translation>早 {span}</translation>
    </message>
    <message>
        <source>Only the summary figures of this session are stored; it has no samples to plot.</source>
        <translation>本场只存了汇总指标，没有可绘图的数据。</translation>
    </message>
    <message>
        <source>Planned {planned}, started {started}</source>
        <translation>计划 {planned}，实际 {started}</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Reading the session list…</source>
        <translation>正在读取场次列表…</translation>
    </message>
    <message>
        <source>Sessions in the trash are removed for good {days} days after they were deleted. Restore brings them back to the library.</source>
        <translation>回收站中的场次在删除 {days} 天后彻底清除。“恢复”可把它们放回场次库。</translation>
    </message>
    <message>
        <source>Search streamer, title or tag (Ctrl+F)</source>
        <translation>搜索主播、标题或标签（Ctrl+F）</translation>
    </message>
    <message>
        <source>Which days: the session&apos;s start day in its own local time</source>
        <translation>日期范围：按场次本地时间的开播日</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>任意日期</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>From – to</source>
        <translation>自定义起止</translation>
    </message>
    <message>
        <source>From this day (inclusive)</source>
        <translation>从这天起（含）</translation>
    </message>
    <message>
        <source>To this day (inclusive)</source>
        <translation>到这天止（含）</translation>
    </message>
    <message>
        <source>Only sessions of streamers on this platform</source>
        <translation>只看该平台主播的场次</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Only the sessions this operator rode along with</source>
        <translation>只显示这位跟播人的场次</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>所有跟播人</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Show the sessions in the trash instead</source>
        <translation>改为显示回收站中的场次</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the selected session for review (Enter)</source>
        <translation>打开所选场次复盘（Enter）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the session&apos;s title (F2)</source>
        <translation>修改场次标题（F2）</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>移入回收站</translation>
    </message>
    <message>
        <source>Move the selected sessions to the trash (Delete)</source>
        <translation>把所选场次移入回收站（Delete）</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a session from Genbo&apos;s JSON export or a CSV of minutes</source>
        <translation>从 Genbo 的 JSON 导出或分钟数据 CSV 导入场次</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Put the selected sessions back in the library</source>
        <translation>把所选场次放回场次库</translation>
    </message>
    <message>
        <source>Empty trash…</source>
        <translation>清空回收站…</translation>
    </message>
    <message>
        <source>{first}–{last} of {total}</source>
        <translation>第 {first}–{last} 场，共 {total} 场</translation>
    </message>
    <message>
        <source>Previous page (Alt+Left)</source>
        <translation>上一页（Alt+Left）</translation>
    </message>
    <message>
        <source>Next page (Alt+Right)</source>
        <translation>下一页（Alt+Right）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Put them back (Ctrl+Z)</source>
        <translation>放回去（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Could not read the session list.</source>
        <translation>无法读取场次列表。</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>回收站是空的。</translation>
    </message>
    <message>
        <source>No sessions match these filters.</source>
        <translation>没有符合筛选条件的场次。</translation>
    </message>
    <message>
        <source>No sessions recorded yet.</source>
        <translation>还没有记录任何场次。</translation>
    </message>
    <message>
        <source>Not said</source>
        <translation>未署名</translation>
    </message>
    <message>
        <source>Sessions nobody is named on</source>
        <translation>没有署名的场次</translation>
    </message>
    <message>
        <source>Overlay {lo}–{hi} selected sessions on the same plots ({key})</source>
        <translation>把选中的 {lo}–{hi} 场叠加到同一组图表（{key}）</translation>
    </message>
    <message>
        <source>The session could not be renamed.</source>
        <translation>无法重命名该场次。</translation>
    </message>
    <message>
        <source>Moved session {id} to the trash.</source>
        <translation>已把场次 {id} 移入回收站。</translation>
    </message>
    <message>
        <source>Moved {n} sessions to the trash.</source>
        <translation>已把 {n} 场移入回收站。</translation>
    </message>
    <message>
        <source>The sessions could not be moved to the trash.</source>
        <translation>无法把场次移入回收站。</translation>
    </message>
    <message>
        <source>Put back {n} sessions.</source>
        <translation>已放回 {n} 场。</translation>
    </message>
    <message>
        <source>Put back session {id}.</source>
        <translation>已放回场次 {id}。</translation>
    </message>
    <message>
        <source>Restored {n} sessions to the library.</source>
        <translation>已把 {n} 场恢复到场次库。</translation>
    </message>
    <message>
        <source>Restored session {id} to the library.</source>
        <translation>已把场次 {id} 恢复到场次库。</translation>
    </message>
    <message>
        <source>The sessions could not be restored.</source>
        <translation>无法恢复这些场次。</translation>
    </message>
    <message>
        <source>Empty trash</source>
        <translation>清空回收站</translation>
    </message>
    <message>
        <source>Remove every session in the trash for good, with its samples, highlights and notes? This cannot be undone.</source>
        <translation>彻底删除回收站中的所有场次及其数据、高光和笔记？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Removed 1 session for good.</source>
        <translation>已彻底删除 1 场。</translation>
    </message>
    <message>
        <source>Removed {n} sessions for good.</source>
        <translation>已彻底删除 {n} 场。</translation>
    </message>
    <message>
        <source>The trash could not be emptied.</source>
        <translation>无法清空回收站。</translation>
    </message>
    <message>
        <source>Open for review</source>
        <translation>打开复盘</translation>
    </message>
    <message>
        <source>Rename title</source>
        <translation>修改标题</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Genbo</source>
        <translation>Genbo 跟播</translation>
    </message>
    <message>
        <source>The session from the command line could not start.</source>
        <translation>命令行指定的场次无法开始。</translation>
    </message>
    <message>
        <source>Database upgraded; the previous file was kept as {path}</source>
        <translation>数据库已升级，旧文件保留为 {path}</translation>
    </message>
    <message>
        <source>Genbo 跟播</source>
        <translation>Genbo 跟播</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>跟播墙</translation>
    </message>
    <message>
        <source>Follow up to twelve streamers at once</source>
        <translation>同时跟播最多 12 位主播</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>场次库</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>主播看板</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>New session…</source>
        <translation>新建场次…</translation>
    </message>
    <message>
        <source>Stop session</source>
        <translation>结束直播</translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation>跟随实时</translation>
    </message>
    <message>
        <source>Follow the newest data, on or off (F). Back to live: End, or Ctrl+End while typing numbers</source>
        <translation>开关跟随最新数据（F）。回到实时：End，录入数字时用 Ctrl+End</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>回到实时</translation>
    </message>
    <message>
        <source>Whole session</source>
        <translation>整场</translation>
    </message>
    <message>
        <source>Show the whole session (Home, or Ctrl+Home while typing numbers)</source>
        <translation>显示整场（Home，录入数字时用 Ctrl+Home）</translation>
    </message>
    <message>
        <source>Mark moment</source>
        <translation>标记时刻</translation>
    </message>
    <message>
        <source>Undo highlight change</source>
        <translation>撤销高光修改</translation>
    </message>
    <message>
        <source>Redo highlight change</source>
        <translation>重做高光修改</translation>
    </message>
    <message>
        <source>Start a segment</source>
        <translation>开始环节</translation>
    </message>
    <message>
        <source>End the segment</source>
        <translation>结束环节</translation>
    </message>
    <message>
        <source>Type numbers</source>
        <translation>录入数字</translation>
    </message>
    <message>
        <source>Every stored session: search, review, compare (Ctrl+H)</source>
        <translation>所有已存场次：搜索、复盘、对比（Ctrl+H）</translation>
    </message>
    <message>
        <source>The streamers&apos; month and the leap ladder (Ctrl+R)</source>
        <translation>主播本月进度与商家跃迁阶梯（Ctrl+R）</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a session from Genbo&apos;s JSON export or a CSV of minutes (Ctrl+I)</source>
        <translation>从 Genbo 的 JSON 导出或分钟数据 CSV 导入场次（Ctrl+I）</translation>
    </message>
    <message>
        <source>Import ad report…</source>
        <translation>导入投流报表…</translation>
    </message>
    <message>
        <source>Import a 磁力金牛 or 千川 ad report (CSV or XLSX): spend, GMV and ROI per day and plan (Ctrl+Shift+I)</source>
        <translation>导入磁力金牛或千川的投流报表（CSV 或 XLSX）：每天每个计划的消耗、成交金额和 ROI（Ctrl+Shift+I）</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Milestones, alerts, highlights, language and look (Ctrl+,)</source>
        <translation>里程碑、提醒、高光、语言与外观（Ctrl+,）</translation>
    </message>
    <message>
        <source>Diagnostics…</source>
        <translation>诊断…</translation>
    </message>
    <message>
        <source>Versions, paths, the database&apos;s size and health, the sources&apos; status and the last log lines (secrets masked), to copy into a bug report (Ctrl+Shift+D)</source>
        <translation>版本、路径、数据库大小与健康状况、数据源状态以及最后几行日志（已隐藏密钥），可复制到问题报告中（Ctrl+Shift+D）</translation>
    </message>
    <message>
        <source>Mini window</source>
        <translation>迷你窗</translation>
    </message>
    <message>
        <source>A small always-on-top window with the live numbers, to keep beside the broadcast; {key} again (or double-click it) comes back</source>
        <translation>置顶的小窗口，显示实时数据，可放在直播画面旁；再按 {key}（或双击它）返回</translation>
    </message>
    <message>
        <source>How much recent history to show while following</source>
        <translation>跟随时显示多长的近期数据</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Last {n} min</source>
        <translation>近 {n} 分钟</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Banner in the window</source>
        <translation>窗口内横幅</translation>
    </message>
    <message>
        <source>System notification</source>
        <translation>系统通知</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Milestones become highlights</source>
        <translation>里程碑自动记为高光</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Light or dark, or as the desktop is</source>
        <translation>浅色、深色或跟随桌面</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>No live session. Start one to follow a broadcast, or try the built-in demo.</source>
        <translation>当前没有直播。新建场次开始跟播，或试试内置演示。</translation>
    </message>
    <message>
        <source>Start demo</source>
        <translation>开始演示</translation>
    </message>
    <message>
        <source>{path} (offline, for {server})</source>
        <translation>{path}（离线，对应 {server}）</translation>
    </message>
    <message>
        <source>Database {path} · {rows} values written since start</source>
        <translation>数据库 {path} · 启动以来写入 {rows} 个数值</translation>
    </message>
    <message>
        <source>not written: see the red strip above</source>
        <translation>未写入：见上方红色提示条</translation>
    </message>
    <message>
        <source>The database was found damaged. Genbo moved it aside, recovered what it could and goes on with a fresh database.</source>
        <translation>发现数据库已损坏。跟播已把它移到一旁，恢复了能读取的内容，并改用新的数据库继续。</translation>
    </message>
    <message>
        <source>Could not read the streamer list.</source>
        <translation>无法读取主播列表。</translation>
    </message>
    <message>
        <source>Demo session (simulated, {speed}× speed)</source>
        <translation>演示场次（模拟，{speed}× 倍速）</translation>
    </message>
    <message>
        <source>The session could not be started. Nothing was recorded.</source>
        <translation>无法开始该场次，未记录任何内容。</translation>
    </message>
    <message>
        <source>Stopping the session failed; its samples are kept.</source>
        <translation>结束场次失败，数据已保留。</translation>
    </message>
    <message>
        <source>Stop following {streamer}? The session is saved and closed.</source>
        <translation>停止跟播 {streamer}？场次将保存并结束。</translation>
    </message>
    <message>
        <source>Stop and save</source>
        <translation>停止并保存</translation>
    </message>
    <message>
        <source>Session {id} stopped and saved.</source>
        <translation>场次 {id} 已停止并保存。</translation>
    </message>
    <message>
        <source>Team chat: “{notice}” not sent to {target}: {why}</source>
        <translation>团队群：“{notice}”未发送到 {target}：{why}</translation>
    </message>
    <message>
        <source>(kept: it is sent again later)</source>
        <translation>（已保留，稍后重发）</translation>
    </message>
    <message>
        <source>A wall follows at most {n} streamers.</source>
        <translation>一面跟播墙最多跟播 {n} 位主播。</translation>
    </message>
    <message>
        <source>{n} are selected: select fewer.</source>
        <translation>已选 {n} 位：请少选几位。</translation>
    </message>
    <message>
        <source>The wall could not be made; nothing was started. Select the streamers again and press Follow.</source>
        <translation>无法生成跟播墙，未开始任何跟播。请重新选择主播并点“跟播”。</translation>
    </message>
    <message>
        <source>Offline: the team server {server} does not answer ({reason}). Genbo works on this computer and sends what is recorded here once it answers.</source>
        <translation>离线：团队服务器 {server} 没有响应（{reason}）。Genbo 先在本机工作，服务器响应后会把这里录下的内容发过去。</translation>
    </message>
    <message>
        <source>The team server refused {n} sessions recorded here (this login may not write them); they stay on this computer.</source>
        <translation>团队服务器拒收了本机录制的 {n} 个场次（此登录名无权写入）；它们留在这台电脑上。</translation>
    </message>
    <message>
        <source>Sent to the team server what an offline run recorded: {n} sessions.</source>
        <translation>之前离线录制的内容已发送到团队服务器：{n} 个场次。</translation>
    </message>
    <message>
        <source>A session is live, and {n} more on the wall. Quitting stops them all and saves everything recorded. Quit now?</source>
        <translation>有一场直播正在跟播，跟播墙上还有 {n} 场。退出会全部结束并保存已记录的数据。现在退出吗？</translation>
    </message>
    <message>
        <source>Sessions on the wall are live: {n}. Quitting stops them and saves everything recorded. Quit now?</source>
        <translation>跟播墙上正在直播的场次：{n}。退出会全部结束并保存已记录的数据。现在退出吗？</translation>
    </message>
    <message>
        <source>Updating the figures of earlier sessions… {p}</source>
        <translation>正在更新历史场次的指标… {p}</translation>
    </message>
    <message>
        <source>Library updated: {n} earlier sessions have all their figures; {t} sessions left the trash after 30 days.</source>
        <translation>场次库已更新：{n} 场历史场次指标已补全；{t} 场在回收站满 30 天后已清除。</translation>
    </message>
    <message>
        <source>The library could not be tidied.</source>
        <translation>无法整理场次库。</translation>
    </message>
    <message>
        <source>Stop the current session before resuming another.</source>
        <translation>请先结束当前场次，再继续另一场。</translation>
    </message>
    <message>
        <source>The session could not be resumed.</source>
        <translation>无法继续该场次。</translation>
    </message>
    <message>
        <source>The session could not be closed.</source>
        <translation>无法结束该场次。</translation>
    </message>
    <message>
        <source>The team server answers again, and what was recorded here is on it ({n} sessions). This window goes on working on this computer and sends what follows; start Genbo again to work on the team server itself.</source>
        <translation>团队服务器已恢复响应，这里录下的内容已在服务器上（{n} 个场次）。本窗口继续在本机工作并发送之后的内容；重新启动 Genbo 即可直接在团队服务器上工作。</translation>
    </message>
    <message>
        <source>Reading {n} sessions to compare…</source>
        <translation>正在读取 {n} 场用于对比…</translation>
    </message>
    <message>
        <source>The sessions could not be compared.</source>
        <translation>无法对比这些场次。</translation>
    </message>
    <message>
        <source>Compare {n}: {names}</source>
        <translation>对比 {n} 场：{names}</translation>
    </message>
    <message>
        <source>Loading session {id}…</source>
        <translation>正在加载场次 {id}…</translation>
    </message>
    <message>
        <source>Reading samples</source>
        <translation>正在读取数据</translation>
    </message>
    <message>
        <source>Building the plots</source>
        <translation>正在绘制图表</translation>
    </message>
    <message>
        <source>Working out the figures</source>
        <translation>正在计算指标</translation>
    </message>
    <message>
        <source>Comparing with earlier sessions</source>
        <translation>正在与历史场次对比</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Could not open the session.</source>
        <translation>无法打开该场次。</translation>
    </message>
    <message>
        <source>Recorded by {operator}: only they, or the team&apos;s owner, change it.</source>
        <translation>由 {operator} 录制：只有他/她或团队所有者可以修改。</translation>
    </message>
    <message>
        <source>This database is read-only.</source>
        <translation>这个数据库是只读的。</translation>
    </message>
    <message>
        <source>The notes could not be saved.</source>
        <translation>无法保存笔记。</translation>
    </message>
    <message>
        <source>The settings could not be saved.</source>
        <translation>无法保存设置。</translation>
    </message>
    <message>
        <source>The new milestone rules apply from the next session.</source>
        <translation>新的里程碑规则从下一场开始生效。</translation>
    </message>
    <message>
        <source>The new alert rules apply from the next session.</source>
        <translation>新的提醒规则从下一场开始生效。</translation>
    </message>
    <message>
        <source>The new language shows when Genbo starts again.</source>
        <translation>新语言在重启 Genbo 后生效。</translation>
    </message>
    <message>
        <source>Quit Genbo</source>
        <translation>退出 Genbo</translation>
    </message>
    <message>
        <source>The database cannot be written right now: {n} samples wait in memory. Quitting stops the session and saves them to an emergency file in “{folder}”, which Import… (Ctrl+I) or genbo import puts back later. Quit anyway?</source>
        <translation>数据库暂时无法写入：内存中有 {n} 个样本等待写入。退出会停止本场，并把它们保存到“{folder}”中的应急文件，之后可用“导入…”（Ctrl+I）或 genbo import 放回。仍要退出吗？</translation>
    </message>
    <message>
        <source>(no folder: they would be lost)</source>
        <translation>（没有可用文件夹：这些样本将丢失）</translation>
    </message>
    <message>
        <source>A session is live. Quitting stops it and saves everything recorded. Quit now?</source>
        <translation>正在直播。退出会停止记录并保存已记录的全部内容。现在退出吗？</translation>
    </message>
</context>
<context>
    <name>ManualEntryDialog</name>
    <message>
        <source>Enter numbers</source>
        <translation>录入数字</translation>
    </message>
    <message>
        <source>now, or a clock time like 21:03</source>
        <translation>现在，或 21:03 这样的钟点</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>minutes:seconds, e.g. {example}</source>
        <translation>分:秒，例如 {example}</translation>
    </message>
    <message>
        <source>yuan, e.g. {example}</source>
        <translation>元，例如 {example}</translation>
    </message>
    <message>
        <source>a count, e.g. {example}</source>
        <translation>数量，例如 {example}</translation>
    </message>
    <message>
        <source>now: {value}</source>
        <translation>当前：{value}</translation>
    </message>
    <message>
        <source>Fill in at least one number.</source>
        <translation>请至少填写一个数字。</translation>
    </message>
    <message>
        <source>It is a running total. Press Store again to keep it anyway.</source>
        <translation>这是累计值。再按一次“保存”仍会保存。</translation>
    </message>
</context>
<context>
    <name>MilestoneBanner</name>
    <message>
        <source>Open moment card</source>
        <translation>打开时刻卡片</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Show the folder the moment cards and videos are saved in</source>
        <translation>打开时刻卡片和视频所在的文件夹</translation>
    </message>
</context>
<context>
    <name>MiniWindow</name>
    <message>
        <source>Genbo mini</source>
        <translation>Genbo 迷你窗</translation>
    </message>
    <message>
        <source>Back to the full window ({key}, or double-click)</source>
        <translation>回到完整窗口（{key}，或双击）</translation>
    </message>
    <message>
        <source>Viewers</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>GMV / min</source>
        <translation>每分钟成交</translation>
    </message>
    <message>
        <source>Avg dwell</source>
        <translation>人均停留</translation>
    </message>
    <message>
        <source>★ Mark moment (H)</source>
        <translation>★ 标记时刻（H）</translation>
    </message>
    <message>
        <source>Mark what just happened (H or Ctrl+M)</source>
        <translation>标记刚刚发生的事（H 或 Ctrl+M）</translation>
    </message>
    <message>
        <source>No live session</source>
        <translation>当前没有直播</translation>
    </message>
    <message>
        <source>Genbo</source>
        <translation>Genbo 跟播</translation>
    </message>
    <message>
        <source>No milestone yet</source>
        <translation>暂无里程碑</translation>
    </message>
    <message>
        <source>Marked {time}</source>
        <translation>已标记 {time}</translation>
    </message>
    <message>
        <source>Back to the full window</source>
        <translation>回到完整窗口</translation>
    </message>
    <message>
        <source>Mark moment</source>
        <translation>标记时刻</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Opaque</source>
        <translation>不透明</translation>
    </message>
    <message>
        <source>{p} (translucent)</source>
        <translation>{p}（半透明）</translation>
    </message>
</context>
<context>
    <name>MonthGmvDialog</name>
    <message>
        <source>Platform GMV</source>
        <translation>平台成交金额</translation>
    </message>
    <message>
        <source>{name}&apos;s GMV for {month} as the platform reports it. Genbo recorded {recorded} in {n} sessions; the platform&apos;s figure is used instead when given (not every session may have been recorded).</source>
        <translation>{name} {month} 的平台成交金额（以平台报表为准）。Genbo 记录了 {n} 场共 {recorded}；填写平台数据后以平台数据为准（并非每场都有记录）。</translation>
    </message>
    <message>
        <source>e.g. {examples}</source>
        <translation>例如 {examples}</translation>
    </message>
    <message>
        <source>Use the recorded sum</source>
        <translation>使用记录汇总</translation>
    </message>
</context>
<context>
    <name>NewSessionDialog</name>
    <message>
        <source>New live session</source>
        <translation>新建直播场次</translation>
    </message>
    <message>
        <source>Streamer name, e.g. 小杨哥</source>
        <translation>主播名字，例如 小杨哥</translation>
    </message>
    <message>
        <source>e.g. 双11 returning customers special</source>
        <translation>例如 双11 老客回馈专场</translation>
    </message>
    <message>
        <source>Typing numbers (Ctrl+L) is always on. Add any sources that can feed it:</source>
        <translation>录入数字（Ctrl+L）始终可用。可再添加能提供数据的数据源：</translation>
    </message>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Enter the streamer&apos;s name (a new name creates the streamer).</source>
        <translation>请输入主播名字（新名字会新建主播）。</translation>
    </message>
    <message>
        <source>The simulator runs faster than real time only on its own; set its speed to 1× to combine it with other sources.</source>
        <translation>模拟器只有单独使用时才能加速；要与其他数据源组合，请把速度设为 1×。</translation>
    </message>
</context>
<context>
    <name>NotifyTargetsDialog</name>
    <message>
        <source>Team chat</source>
        <translation>团队群</translation>
    </message>
    <message>
        <source>Robots in the team&apos;s group chats that hear of going live, the end of a session, major milestones, alerts and monthly GMV thresholds. A message that cannot be sent is shown, kept and sent again later.</source>
        <translation>团队群里的机器人，接收开播、场次结束、重大里程碑、提醒和月度成交金额门槛的消息。发送失败的消息会显示出来、保留并稍后重发。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>(off)</source>
        <translation>（已关闭）</translation>
    </message>
    <message>
        <source>Robot {number} cannot be used: {why}. Edit or remove it.</source>
        <translation>第 {number} 个机器人无法使用：{why}。请编辑或删除它。</translation>
    </message>
    <message>
        <source>No robots yet: add one.</source>
        <translation>还没有机器人：请添加一个。</translation>
    </message>
</context>
<context>
    <name>OptionField</name>
    <message>
        <source>Edit rules…</source>
        <translation>编辑规则…</translation>
    </message>
    <message>
        <source>Edit robots…</source>
        <translation>编辑机器人…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>In use now: this computer&apos;s file, {path}</source>
        <translation>当前使用：本机文件 {path}</translation>
    </message>
    <message>
        <source>In use now: nobody named</source>
        <translation>当前使用：未署名</translation>
    </message>
    <message>
        <source>In use now: {value}</source>
        <translation>当前使用：{value}</translation>
    </message>
    <message>
        <source>{on} of {n} rules on</source>
        <translation>{n} 条规则中 {on} 条已开启</translation>
    </message>
    <message>
        <source>{n} robots: {names}</source>
        <translation>{n} 个机器人：{names}</translation>
    </message>
    <message>
        <source>No robots yet</source>
        <translation>还没有机器人</translation>
    </message>
</context>
<context>
    <name>PaidPanel</name>
    <message>
        <source>Window</source>
        <translation>口径</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>ROI</source>
        <translation>ROI</translation>
    </message>
    <message>
        <source>GMV ÷ spend; — when the spend is zero</source>
        <translation>成交金额 ÷ 消耗；消耗为零时显示 —</translation>
    </message>
    <message>
        <source>Type the figures…</source>
        <translation>手动填写…</translation>
    </message>
    <message>
        <source>Type this session&apos;s spend and what the ad report says for each window, when no report is imported</source>
        <translation>未导入报表时，手动填写本场的消耗及报表中各口径的数据</translation>
    </message>
    <message>
        <source>Paid traffic (投流)</source>
        <translation>投流</translation>
    </message>
    <message>
        <source>e.g. 1,234.50 or 1.2万; 0 for none</source>
        <translation>例如 1,234.50 或 1.2万；没有写 0</translation>
    </message>
    <message>
        <source>Ad tool</source>
        <translation>投放工具</translation>
    </message>
    <message>
        <source>Spend (¥)</source>
        <translation>消耗（元）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Forget typed figures</source>
        <translation>清除手填数据</translation>
    </message>
    <message>
        <source>Remove the figures typed for this session</source>
        <translation>删除为本场手动填写的数据</translation>
    </message>
    <message>
        <source>磁力金牛 (Kuaishou)</source>
        <translation>磁力金牛（快手）</translation>
    </message>
    <message>
        <source>千川 (Douyin)</source>
        <translation>千川（抖音）</translation>
    </message>
    <message>
        <source>GMV (¥)</source>
        <translation>成交金额（元）</translation>
    </message>
    <message>
        <source>- not settled</source>
        <translation>- 未结算</translation>
    </message>
    <message>
        <source>Leave a window empty (or “-”) until it has settled: T15 and T30 are final 15 and 30 days after the spend.</source>
        <translation>口径未结算前留空（或填“-”）：T15 和 T30 在消耗后 15 天、30 天才是最终数据。</translation>
    </message>
    <message>
        <source>千川 reports direct and 7-day (T7) figures; it has no 15-day window.</source>
        <translation>千川报表只有直接和 7 日（T7）口径，没有 15 日口径。</translation>
    </message>
    <message>
        <source>Typed figures are this session&apos;s own: its review shows them instead of the day&apos;s report, and the streamer&apos;s ROI keeps counting the report.</source>
        <translation>手填数据只属于本场：本场复盘显示手填数据而不是当天的报表，主播的 ROI 仍按报表计算。</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>消耗</translation>
    </message>
    <message>
        <source>Spend: type the spend (0 for none)</source>
        <translation>消耗：请填写消耗（没有写 0）</translation>
    </message>
    <message>
        <source>{field}: “{text}” — {why}</source>
        <translation>{field}：“{text}”——{why}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Forgetting…</source>
        <translation>正在清除…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Typed figures removed.</source>
        <translation>已清除手填数据。</translation>
    </message>
    <message>
        <source>Not saved: {why}</source>
        <translation>未保存：{why}</translation>
    </message>
    <message>
        <source>Reading the paid figures…</source>
        <translation>正在读取投流数据…</translation>
    </message>
    <message>
        <source>The paid figures could not be read: {why}</source>
        <translation>无法读取投流数据：{why}</translation>
    </message>
    <message>
        <source>No spend was recorded live (the session has no 投流消耗 readings).</source>
        <translation>直播中未记录消耗（本场没有投流消耗读数）。</translation>
    </message>
    <message>
        <source>Recorded live: spend {spend}, ROI {roi} (the session&apos;s GMV {gmv} ÷ the spend so far)</source>
        <translation>直播中记录：消耗 {spend}，ROI {roi}（本场成交金额 {gmv} ÷ 目前的消耗）</translation>
    </message>
    <message>
        <source>No ad report figures for {day}. Import the 磁力金牛 or 千川 export (Import ad report…), or type them below.</source>
        <translation>{day} 没有投流报表数据。请导入磁力金牛或千川的报表（导入投流报表…），或在下方手动填写。</translation>
    </message>
    <message>
        <source>typed for this session</source>
        <translation>本场手填</translation>
    </message>
    <message>
        <source>Edit the typed figures…</source>
        <translation>修改手填数据…</translation>
    </message>
    <message>
        <source>imported, {n} plans, as of {as_of}</source>
        <translation>已导入，{n} 个计划，导出于 {as_of}</translation>
    </message>
    <message>
        <source>Type this session&apos;s own figures…</source>
        <translation>为本场单独填写…</translation>
    </message>
    <message>
        <source>{tool} · spend {spend} · {source}</source>
        <translation>{tool} · 消耗 {spend} · {source}</translation>
    </message>
    <message>
        <source>{day} had {n} sessions of this streamer: the report&apos;s rows are the day&apos;s, so these figures are shared among them, not this session&apos;s alone.</source>
        <translation>该主播 {day} 共有 {n} 场：报表按天统计，所以这些数据由这几场共享，并非本场独有。</translation>
    </message>
    <message>
        <source>not settled</source>
        <translation>未结算</translation>
    </message>
    <message>
        <source>{gmv} ÷ {spend}</source>
        <translation>{gmv} ÷ {spend}</translation>
    </message>
    <message>
        <source>{window} has not settled yet (“-” in the export): it is final on {day}, {n} days after the spend.</source>
        <translation>{window} 尚未结算（报表中为“-”）：{day}（消耗后 {n} 天）才是最终数据。</translation>
    </message>
    <message>
        <source>{window} has settled for {done} of {all} plans: its ROI is of those plans only (final on {day}).</source>
        <translation>{window} 在 {all} 个计划中已结算 {done} 个：ROI 只按这些计划计算（{day} 最终结算）。</translation>
    </message>
    <message>
        <source>* {window} is as of {as_of}, not yet {n} days after the spend: it may still grow until {day}. Import a later export then.</source>
        <translation>* {window} 是 {as_of} 的数据，距消耗还不到 {n} 天：到 {day} 前可能还会增长。届时请导入更新的报表。</translation>
    </message>
</context>
<context>
    <name>PaidRosterView</name>
    <message>
        <source>Judge 金牛 spend by T15/T30, not by same-day GMV.</source>
        <translation>看金牛投放要看 T15/T30，不要只看当天成交。</translation>
    </message>
    <message>
        <source>磁力金牛&apos;s T0 counts only the day&apos;s orders; T15 and T30 add what the spend brought in the 15 and 30 days after. T0 is drawn thin and dashed.</source>
        <translation>磁力金牛的 T0 只算当天的订单；T15 和 T30 还算上这笔消耗在之后 15 天、30 天带来的成交。T0 用细虚线画出。</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按天</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Ad tool</source>
        <translation>投放工具</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>消耗</translation>
    </message>
    <message>
        <source>Same-day ROI</source>
        <translation>当日 ROI</translation>
    </message>
    <message>
        <source>Settled ROI</source>
        <translation>结算 ROI</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>口径</translation>
    </message>
    <message>
        <source>T0 for 磁力金牛, direct for 千川: what the day&apos;s GMV says</source>
        <translation>磁力金牛为 T0，千川为直接：只看当天成交得出的 ROI</translation>
    </message>
    <message>
        <source>T30 for 磁力金牛, T7 for 千川: what the spend brought in the end</source>
        <translation>磁力金牛为 T30，千川为 T7：这笔消耗最终带来的 ROI</translation>
    </message>
    <message>
        <source>Settled ROI minus same-day ROI: how much the day&apos;s view under-reads</source>
        <translation>结算 ROI 减当日 ROI：只看当天会少算多少</translation>
    </message>
    <message>
        <source>Reading the paid figures…</source>
        <translation>正在读取投流数据…</translation>
    </message>
    <message>
        <source>The paid figures could not be read: {why}</source>
        <translation>无法读取投流数据：{why}</translation>
    </message>
    <message>
        <source>Judge 千川 spend by T7, not by same-day GMV.</source>
        <translation>千川投流看 T7 成交，不看当日成交。</translation>
    </message>
    <message>
        <source>Judge 金牛 spend by T15/T30 and 千川 by T7, not by same-day GMV.</source>
        <translation>金牛投流看 T15/T30，千川看 T7，不看当日成交。</translation>
    </message>
    <message>
        <source>No paid-traffic figures stored yet: import a 磁力金牛 or 千川 report, or type a session&apos;s figures in its review.</source>
        <translation>还没有投流数据：请导入磁力金牛或千川的报表，或在场次复盘中手动填写。</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>{w} GMV</source>
        <translation>{w} 成交金额</translation>
    </message>
    <message>
        <source>{w} ROI</source>
        <translation>{w} ROI</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Typed in a session&apos;s review (no report imported for that day)</source>
        <translation>在场次复盘中手动填写（当天未导入报表）</translation>
    </message>
    <message>
        <source>No 15-day window: judge its spend by T7, not by direct GMV.</source>
        <translation>没有 15 日窗口：看 T7 成交判断投流，而不是直接成交。</translation>
    </message>
    <message>
        <source>* not settled for every day yet: the ROI is of the days that have.</source>
        <translation>* 尚未每天都结算：ROI 只按已结算的天计算。</translation>
    </message>
    <message>
        <source>✎ typed in a session&apos;s review.</source>
        <translation>✎ 在场次复盘中手动填写。</translation>
    </message>
    <message>
        <source>{name} · {tool}</source>
        <translation>{name} · {tool}</translation>
    </message>
</context>
<context>
    <name>PlotPanel</name>
    <message>
        <source>Fewer plots ▴</source>
        <translation>收起图表 ▴</translation>
    </message>
    <message>
        <source>More plots ({count}) ▾</source>
        <translation>更多图表（{count}）▾</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <source>Latest {time}</source>
        <translation>最新 {time}</translation>
    </message>
    <message>
        <source>At {time}</source>
        <translation>{time} 时</translation>
    </message>
</context>
<context>
    <name>QuickEntry</name>
    <message>
        <source>Type numbers as you read them: v 3500 · gmv 1.2万 · dwell 1:35 · 人数 3500 成交 56.8w  (Ctrl+L)</source>
        <translation>看到数字就录入：v 3500 · gmv 1.2万 · dwell 1:35 · 人数 3500 成交 56.8w  （Ctrl+L）</translation>
    </message>
    <message>
        <source>Form…</source>
        <translation>表单…</translation>
    </message>
    <message>
        <source>Enter numbers in a form with one field per metric</source>
        <translation>在表单中按指标逐项录入</translation>
    </message>
    <message>
        <source>Not stored. Edit the line and press Enter.</source>
        <translation>未保存。请修改后按 Enter。</translation>
    </message>
    <message>
        <source>Not stored: another tile was chosen. Press Enter again.</source>
        <translation>未保存：已选中另一张卡片。请再按一次回车。</translation>
    </message>
    <message>
        <source>Typing for {name} now</source>
        <translation>现在为 {name} 录入</translation>
    </message>
    <message>
        <source>It is a running total. Press Enter again to store it anyway, Esc to edit.</source>
        <translation>这是累计值。再按 Enter 仍会保存，按 Esc 修改。</translation>
    </message>
    <message>
        <source>@{time} is later than now; this session runs {span} (now). Type a time within it, or leave out @ for now.</source>
        <translation>@{time} 晚于现在；这场直播从 {span}（截至现在）。请输入这段时间内的时刻，或不写 @ 表示现在。</translation>
    </message>
    <message>
        <source>@{time} is before this session started; it runs {span} (now). Type a time within it.</source>
        <translation>@{time} 早于本场开播；本场已播 {span}（现在）。请输入此范围内的时间。</translation>
    </message>
    <message>
        <source>{metric} {new} is above {old}, stored later at {time}</source>
        <translation>{metric} {new} 高于 {time} 之后保存的 {old}</translation>
    </message>
    <message>
        <source>{metric} {new} is below {old}, stored earlier at {time}</source>
        <translation>{metric} {new} 低于 {time} 之前保存的 {old}</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Saved {values} ({when})</source>
        <translation>已保存 {values}（{when}）</translation>
    </message>
    <message>
        <source>{name}: {saved}</source>
        <translation>{name}：{saved}</translation>
    </message>
</context>
<context>
    <name>RegionCanvas</name>
    <message>
        <source>Capture the screen with the dashboard on it, then drag a box around each number.</source>
        <translation>先截取显示大屏的屏幕，再拖动鼠标框住每个数字。</translation>
    </message>
</context>
<context>
    <name>ReviewStats</name>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>This session</source>
        <translation>本场</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>vs median</source>
        <translation>对比中位数</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Notes: what worked, what to change</source>
        <translation>笔记：哪些做得好，哪些要改</translation>
    </message>
    <message>
        <source>What worked: …
What to change: …</source>
        <translation>做得好的：…
要改进的：…</translation>
    </message>
    <message>
        <source>Saved when you leave the box, or with Ctrl+S; the first line shows in the library</source>
        <translation>离开输入框或按 Ctrl+S 时保存；第一行显示在场次库中</translation>
    </message>
    <message>
        <source>Median of the streamer&apos;s previous {n} sessions; rank among their {total} finished sessions, this one included.</source>
        <translation>该主播前 {n} 场的中位数；排名基于其 {total} 场已结束的场次（含本场）。</translation>
    </message>
    <message>
        <source>No earlier session of this streamer is stored: nothing to compare with yet. The figures are this session&apos;s alone.</source>
        <translation>没有存该主播的历史场次，暂时无法对比。以下仅为本场指标。</translation>
    </message>
    <message>
        <source>Furthest below the median: {figure} {change} ({value} vs {median})</source>
        <translation>低于中位数最多：{figure} {change}（{value}，中位数 {median}）</translation>
    </message>
    <message>
        <source>The median of the streamer&apos;s previous {n} sessions</source>
        <translation>该主播前 {n} 场的中位数</translation>
    </message>
    <message>
        <source>The streamer&apos;s first session in the library</source>
        <translation>该主播在场次库中的首场</translation>
    </message>
    <message>
        <source>The figure furthest below its median</source>
        <translation>低于中位数最多的指标</translation>
    </message>
    <message>
        <source>Neither more nor less is better in itself</source>
        <translation>本身无所谓高低好坏</translation>
    </message>
    <message>
        <source>Over {n} sessions that have it</source>
        <translation>基于有该指标的 {n} 场</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Not saved: {why}</source>
        <translation>未保存：{why}</translation>
    </message>
</context>
<context>
    <name>RoiChart</name>
    <message>
        <source>ROI</source>
        <translation>ROI</translation>
    </message>
    <message>
        <source>spend</source>
        <translation>消耗</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <source>top reached</source>
        <translation>已达最高档</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>记录汇总</translation>
    </message>
    <message>
        <source>platform figure</source>
        <translation>平台数据</translation>
    </message>
    <message>
        <source>platform (imported)</source>
        <translation>平台（导入）</translation>
    </message>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>GMV so far</source>
        <translation>累计成交</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>Next threshold</source>
        <translation>下一档门槛</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Needed / day</source>
        <translation>所需日均</translation>
    </message>
    <message>
        <source>So far / day</source>
        <translation>当前日均</translation>
    </message>
    <message>
        <source>Crosses on</source>
        <translation>预计突破</translation>
    </message>
    <message>
        <source>Past leaps</source>
        <translation>历史跃迁</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>准时开播</translation>
    </message>
    <message>
        <source>Whole days after today</source>
        <translation>今天之后的完整天数</translation>
    </message>
    <message>
        <source>GMV per remaining day to reach the next threshold by month end</source>
        <translation>月底前达到下一档门槛，剩余每天需要的成交金额</translation>
    </message>
    <message>
        <source>GMV so far over the days elapsed (today included)</source>
        <translation>当前累计成交除以已过天数（含今天）</translation>
    </message>
    <message>
        <source>When the pace so far reaches the next threshold, if this month</source>
        <translation>按当前节奏达到下一档门槛的日期（若在本月内）</translation>
    </message>
    <message>
        <source>The first month each threshold was reached; * this month</source>
        <translation>每档门槛首次达到的月份；* 为本月</translation>
    </message>
    <message>
        <source>Sessions in a row that started within 5 min of the planned time</source>
        <translation>连续在计划时间 5 分钟内开播的场次数</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>（已归档）</translation>
    </message>
    <message>
        <source>Recorded: {amount} in {n} sessions</source>
        <translation>记录汇总：{n} 场共 {amount}</translation>
    </message>
    <message>
        <source>Platform: {amount}</source>
        <translation>平台：{amount}</translation>
    </message>
    <message>
        <source>The platform&apos;s figure is below the recorded sum; check one of them.</source>
        <translation>平台数据低于记录汇总，请核对。</translation>
    </message>
    <message>
        <source>{missing} to go</source>
        <translation>还差 {missing}</translation>
    </message>
    <message>
        <source>Last session started {n} min late</source>
        <translation>上一场晚开播 {n} 分钟</translation>
    </message>
    <message>
        <source>Last session started {n} min early</source>
        <translation>上一场提前 {n} 分钟开播</translation>
    </message>
    <message>
        <source>Last session started on time</source>
        <translation>上一场准时开播</translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>Previous month (Alt+Left)</source>
        <translation>上个月（Alt+Left）</translation>
    </message>
    <message>
        <source>Next month (Alt+Right)</source>
        <translation>下个月（Alt+Right）</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Only the streamers this operator rode along with in the month, each with their whole month (what the leap ladder counts)</source>
        <translation>只显示这位跟播人本月跟播过的主播，数据为整月（商家跃迁按此计算）</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>所有跟播人</translation>
    </message>
    <message>
        <source>Ladder…</source>
        <translation>阶梯…</translation>
    </message>
    <message>
        <source>Change the leap thresholds</source>
        <translation>修改跃迁门槛</translation>
    </message>
    <message>
        <source>Filter by streamer or platform</source>
        <translation>按主播或平台筛选</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>显示已归档</translation>
    </message>
    <message>
        <source>Add streamer…</source>
        <translation>添加主播…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Platform GMV…</source>
        <translation>平台成交金额…</translation>
    </message>
    <message>
        <source>Type the platform&apos;s own GMV for the month (used instead of the recorded sum)</source>
        <translation>录入平台给出的本月成交金额（代替记录汇总）</translation>
    </message>
    <message>
        <source>Import GMV…</source>
        <translation>导入成交金额…</translation>
    </message>
    <message>
        <source>Import the platform&apos;s monthly GMV per streamer from a month report (CSV: streamer or account, month, GMV); used instead of the recorded sums</source>
        <translation>从月报导入平台给出的各主播月度成交金额（CSV：主播或账号、月份、成交金额），代替记录汇总</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Follow ▶</source>
        <translation>跟播 ▶</translation>
    </message>
    <message>
        <source>Follow the selected streamers together on the Wall, each with the sources of its newest session (select up to 12 with Ctrl or Shift)</source>
        <translation>在跟播墙上同时跟播所选主播，各自沿用最近一场的数据源（按住 Ctrl 或 Shift 多选，最多 12 位）</translation>
    </message>
    <message>
        <source>Reading the roster…</source>
        <translation>正在读取主播看板…</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月度</translation>
    </message>
    <message>
        <source>Paid traffic</source>
        <translation>投流</translation>
    </message>
    <message>
        <source>Each streamer&apos;s spend and T0/T15/T30 ROI over time (投流)</source>
        <translation>每位主播的投流消耗和 T0/T15/T30 ROI 走势</translation>
    </message>
    <message>
        <source>Not said</source>
        <translation>未署名</translation>
    </message>
    <message>
        <source>Streamers of sessions nobody is named on</source>
        <translation>有未署名场次的主播</translation>
    </message>
    <message>
        <source>Could not read the roster.</source>
        <translation>无法读取主播看板。</translation>
    </message>
    <message>
        <source>Ladder: {steps}</source>
        <translation>阶梯：{steps}</translation>
    </message>
    <message>
        <source>{n} streamers · today {today} · {days} days left after today</source>
        <translation>{n} 位主播 · 今天 {today} · 今天之后还剩 {days} 天</translation>
    </message>
    <message>
        <source>{n} streamers · {month} is over</source>
        <translation>{n} 位主播 · {month} 已结束</translation>
    </message>
    <message>
        <source>{n} streamers · {month} has not begun</source>
        <translation>{n} 位主播 · {month} 尚未开始</translation>
    </message>
    <message>
        <source>{name}&apos;s streamers in {month}: {text}</source>
        <translation>{name} 在 {month} 的主播：{text}</translation>
    </message>
    <message>
        <source>Nobody named, {month}: {text}</source>
        <translation>未署名，{month}：{text}</translation>
    </message>
    <message>
        <source>{name} rode along with no streamer in {month}.</source>
        <translation>{name} 在 {month} 没有跟播任何主播。</translation>
    </message>
    <message>
        <source>No session in {month} without an operator&apos;s name.</source>
        <translation>{month} 没有未署名的场次。</translation>
    </message>
    <message>
        <source>No streamers yet: add one, or record a session.</source>
        <translation>还没有主播：添加一位，或记录一场直播。</translation>
    </message>
    <message>
        <source>Follow {n} ▶</source>
        <translation>跟播 {n} 位 ▶</translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation>取消归档</translation>
    </message>
    <message>
        <source>The streamer was not saved.</source>
        <translation>主播未保存。</translation>
    </message>
    <message>
        <source>Could not change the streamer.</source>
        <translation>无法修改该主播。</translation>
    </message>
    <message>
        <source>The platform GMV was not saved.</source>
        <translation>平台成交金额未保存。</translation>
    </message>
    <message>
        <source>Import monthly GMV</source>
        <translation>导入月度成交金额</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Imported {n} monthly figures from {name}.</source>
        <translation>已从 {name} 导入 {n} 条月度数据。</translation>
    </message>
    <message>
        <source>row {row}: {problem}</source>
        <translation>第 {row} 行：{problem}</translation>
    </message>
    <message>
        <source>{n} rows left out: {rows}</source>
        <translation>跳过 {n} 行：{rows}</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>（还有 {n} 处）</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
</context>
<context>
    <name>ScreenGrabber</name>
    <message>
        <source>this system does not let Genbo find a window: the boxes stay where they were drawn</source>
        <translation>此系统不允许跟播查找窗口：各个框保持在绘制时的位置</translation>
    </message>
</context>
<context>
    <name>ScreenLayoutDialog</name>
    <message>
        <source>Big screen (moment videos)</source>
        <translation>大屏画面（时刻视频用）</translation>
    </message>
    <message>
        <source>Screen regions</source>
        <translation>屏幕区域</translation>
    </message>
    <message>
        <source>Capture the screen</source>
        <translation>截取屏幕</translation>
    </message>
    <message>
        <source>Genbo&apos;s windows hide for a moment while the screen is captured</source>
        <translation>截屏时跟播的窗口会短暂隐藏</translation>
    </message>
    <message>
        <source>Show a demo dashboard</source>
        <translation>显示演示大屏</translation>
    </message>
    <message>
        <source>A made-up big screen to try the reading on</source>
        <translation>一个虚构的大屏，用来试一试读取</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Crop</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>Read · verdict</source>
        <translation>读到 · 判定</translation>
    </message>
    <message>
        <source>Remove box</source>
        <translation>删除框</translation>
    </message>
    <message>
        <source>Test reading</source>
        <translation>试读</translation>
    </message>
    <message>
        <source>Read the boxes every 1.5 s and show what the session would record</source>
        <translation>每 1.5 秒读取各个框，显示场次将记录的内容</translation>
    </message>
    <message>
        <source>e.g. 快手大屏 1920×1080</source>
        <translation>例如 快手大屏 1920×1080</translation>
    </message>
    <message>
        <source>optional: part of the dashboard window&apos;s title</source>
        <translation>可选：大屏窗口标题中的一段文字</translation>
    </message>
    <message>
        <source>The boxes move with that window if it moves.</source>
        <translation>窗口移动时，各个框随之移动。</translation>
    </message>
    <message>
        <source>This system does not let Genbo find another program&apos;s window: the boxes stay at these screen positions, so keep the dashboard where it is.</source>
        <translation>此系统不允许跟播查找其他程序的窗口：各个框固定在这些屏幕位置，请不要移动大屏窗口。</translation>
    </message>
    <message>
        <source>Layout name</source>
        <translation>布局名称</translation>
    </message>
    <message>
        <source>Follow window</source>
        <translation>跟随窗口</translation>
    </message>
    <message>
        <source>The window “{title}” is not open: its boxes are shown from the screen&apos;s corner. Open the dashboard and capture again to see them in place.</source>
        <translation>窗口“{title}”没有打开：框先按从屏幕左上角算的位置显示。打开大屏窗口后再截一次屏，框就回到原位。</translation>
    </message>
    <message>
        <source>No window titled “{title}” is open. Open the dashboard, or clear the field to keep fixed screen positions.</source>
        <translation>没有打开标题含“{title}”的窗口。请打开大屏，或清空此栏以使用固定屏幕位置。</translation>
    </message>
    <message>
        <source>The layout could not be saved: {error}</source>
        <translation>布局无法保存：{error}</translation>
    </message>
    <message>
        <source>Genbo&apos;s windows cover {n} of the boxes: they are read from the capture. Move them aside to watch those boxes live.</source>
        <translation>跟播的窗口挡住了 {n} 个框：这些框从截图中读取。把窗口移开即可实时查看这些框。</translation>
    </message>
    <message>
        <source>“{text}” → {value}</source>
        <translation>“{text}” → {value}</translation>
    </message>
    <message>
        <source>nothing read</source>
        <translation>什么也没读到</translation>
    </message>
    <message>
        <source>confidence {c:.0%}</source>
        <translation>置信度 {c:.0%}</translation>
    </message>
    <message>
        <source>reads well</source>
        <translation>读取正常</translation>
    </message>
    <message>
        <source>nothing to read</source>
        <translation>没有可读的内容</translation>
    </message>
    <message>
        <source>suspect: {why}</source>
        <translation>可疑：{why}</translation>
    </message>
</context>
<context>
    <name>ScreenPanel</name>
    <message>
        <source>Screen (read a dashboard off the screen with OCR)</source>
        <translation>屏幕（用 OCR 从屏幕读取大屏）</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>A value is taken after two identical reads; suspect reads are kept out of the data and listed for you to confirm or correct.</source>
        <translation>连续两次读到相同的值才会采用；可疑读数不计入数据，列出供你确认或更正。</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>{name} · {n} boxes</source>
        <translation>{name} · {n} 个框</translation>
    </message>
    <message>
        <source>no layout yet: draw one with New…</source>
        <translation>还没有布局：点“新建…”绘制</translation>
    </message>
    <message>
        <source>Draw a layout first: New… opens the region editor.</source>
        <translation>请先绘制布局：“新建…”打开区域编辑器。</translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>/min</source>
        <translation>/分钟</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>From – to, in session time</source>
        <translation>起止时间（开播后）</translation>
    </message>
    <message>
        <source>GMV that came in while the segment ran</source>
        <translation>环节进行期间的成交金额</translation>
    </message>
    <message>
        <source>GMV per minute of the segment</source>
        <translation>环节每分钟成交金额</translation>
    </message>
    <message>
        <source>Most viewers online during the segment</source>
        <translation>环节期间最高在线人数</translation>
    </message>
    <message>
        <source>Press S to start a named segment (e.g. 讲解 商品A) and E to end it.</source>
        <translation>按 S 开始一个命名环节（例如 讲解 商品A），按 E 结束。</translation>
    </message>
    <message>
        <source>Export clip list…</source>
        <translation>导出片段清单…</translation>
    </message>
    <message>
        <source>{length} long</source>
        <translation>时长 {length}</translation>
    </message>
</context>
<context>
    <name>SessionView</name>
    <message>
        <source>(untitled session)</source>
        <translation>（未命名场次）</translation>
    </message>
    <message>
        <source>★ Mark moment (H)</source>
        <translation>★ 标记时刻（H）</translation>
    </message>
    <message>
        <source>Mark what just happened for the video editors; type a note right after (H, or Ctrl+M while typing numbers)</source>
        <translation>为剪辑标记刚刚发生的事，随后可输入备注（H，录入数字时用 Ctrl+M）</translation>
    </message>
    <message>
        <source>▶ Segment (S)</source>
        <translation>▶ 环节（S）</translation>
    </message>
    <message>
        <source>Start a named segment, e.g. 讲解 商品A (S or Ctrl+Shift+S); end it with E or Ctrl+Shift+E</source>
        <translation>开始一个命名环节，例如 讲解 商品A（S 或 Ctrl+Shift+S）；按 E 或 Ctrl+Shift+E 结束</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Highlights for video editors: chapters, EDL, Premiere, FCPXML, SRT, CSV, JSON</source>
        <translation>给剪辑的高光：章节、EDL、Premiere、FCPXML、SRT、CSV、JSON</translation>
    </message>
    <message>
        <source>Side panel</source>
        <translation>侧边栏</translation>
    </message>
    <message>
        <source>Show or hide the events, highlights and segments (the window is narrow)</source>
        <translation>显示或隐藏事件、高光和环节（窗口较窄时）</translation>
    </message>
    <message>
        <source>Copy curl example</source>
        <translation>复制 curl 示例</translation>
    </message>
    <message>
        <source>Install browser companion</source>
        <translation>安装浏览器跟播助手</translation>
    </message>
    <message>
        <source>Opens the companion userscript in your browser: Tampermonkey or Violentmonkey installs it, already paired with this session&apos;s address and token.</source>
        <translation>在浏览器中打开跟播助手脚本：由 Tampermonkey 或 Violentmonkey 安装，已与本场的地址和令牌配对。</translation>
    </message>
    <message>
        <source>Copy pairing</source>
        <translation>复制配对</translation>
    </message>
    <message>
        <source>For a companion installed before: paste it into its panel&apos;s Pair field.</source>
        <translation>用于之前安装的跟播助手：粘贴到其面板的配对栏。</translation>
    </message>
    <message>
        <source>Suspect reads…</source>
        <translation>可疑读数…</translation>
    </message>
    <message>
        <source>Reads kept out of the data: confirm, correct or dismiss them</source>
        <translation>未计入数据的读数：确认、更正或忽略</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>高光</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>漏斗</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Traffic sources</source>
        <translation>流量来源</translation>
    </message>
    <message>
        <source>Started {start}</source>
        <translation>开播 {start}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>(no source name)</source>
        <translation>（未命名来源）</translation>
    </message>
    <message>
        <source>nothing stored yet</source>
        <translation>尚未保存任何数据</translation>
    </message>
    <message>
        <source>refused: {why}</source>
        <translation>被拒：{why}</translation>
    </message>
    <message>
        <source>Nothing has posted yet. Install the browser companion, or post with curl.</source>
        <translation>还没有收到任何推送。请安装浏览器跟播助手，或用 curl 推送。</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>live</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>无新数据</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>{source}: stale since {time}</source>
        <translation>{source}：自 {time} 起无新数据</translation>
    </message>
    <message>
        <source>Keyboard entry</source>
        <translation>键盘录入</translation>
    </message>
    <message>
        <source>{source} is live again</source>
        <translation>{source} 已恢复</translation>
    </message>
    <message>
        <source>{source} stopped: {why}</source>
        <translation>{source} 已停止：{why}</translation>
    </message>
    <message>
        <source>{source} finished</source>
        <translation>{source} 已结束</translation>
    </message>
    <message>
        <source>Highlight at {time}</source>
        <translation>{time} 的高光</translation>
    </message>
    <message>
        <source>Mark moment</source>
        <translation>标记时刻</translation>
    </message>
    <message>
        <source>Note for {time}: type what happened and #tags, Enter saves, Esc skips</source>
        <translation>{time} 的备注：输入发生了什么和 #标签，Enter 保存，Esc 跳过</translation>
    </message>
    <message>
        <source>Segment name, e.g. 讲解 商品A — Enter starts it, Esc cancels</source>
        <translation>环节名称，例如 讲解 商品A — Enter 开始，Esc 取消</translation>
    </message>
    <message>
        <source>■ End “{name}” (E)</source>
        <translation>■ 结束“{name}”（E）</translation>
    </message>
    <message>
        <source>Note on highlight</source>
        <translation>高光备注</translation>
    </message>
    <message>
        <source>Moment card saved: {path}</source>
        <translation>时刻卡片已保存：{path}</translation>
    </message>
    <message>
        <source>Moment card not saved: {why}</source>
        <translation>时刻卡片未保存：{why}</translation>
    </message>
    <message>
        <source>Moment video saved: {path}</source>
        <translation>时刻视频已保存：{path}</translation>
    </message>
    <message>
        <source>Moment video not made: {why}</source>
        <translation>时刻视频未能制作：{why}</translation>
    </message>
    <message>
        <source>Push ingest: POST {url} · header Authorization: Bearer {token}</source>
        <translation>推送接入：POST {url} · 请求头 Authorization: Bearer {token}</translation>
    </message>
    <message>
        <source>Suspect reads ({n})…</source>
        <translation>可疑读数（{n}）…</translation>
    </message>
    <message>
        <source>Screen · {layout}: {detail}</source>
        <translation>屏幕 · {layout}：{detail}</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Still recording elsewhere</source>
        <translation>仍在别处记录中</translation>
    </message>
    <message>
        <source>Read-only · {status}</source>
        <translation>只读 · {status}</translation>
    </message>
    <message>
        <source>复盘</source>
        <translation>复盘</translation>
    </message>
    <message>
        <source>last post {s} s ago ({n} in all): {values}</source>
        <translation>最近一次推送在 {s} 秒前（共 {n} 次）：{values}</translation>
    </message>
    <message>
        <source>The session&apos;s figures against the streamer&apos;s median, and your notes</source>
        <translation>本场指标与该主播中位数的对比，以及你的笔记</translation>
    </message>
    <message>
        <source>recorded by {operator}</source>
        <translation>由 {operator} 录制</translation>
    </message>
    <message>
        <source>recorded on another computer</source>
        <translation>在另一台电脑上录制</translation>
    </message>
    <message>
        <source>Following · {who} · read {time}, a few seconds behind</source>
        <translation>跟看中 · {who} · {time} 读取，约落后几秒</translation>
    </message>
    <message>
        <source>Following · the team server does not answer since {time}; showing what was read then</source>
        <translation>跟看中 · 团队服务器自 {time} 起没有响应；显示的是当时读到的内容</translation>
    </message>
    <message>
        <source>Read-only · Summary only</source>
        <translation>只读 · 仅汇总</translation>
    </message>
    <message>
        <source>No samples were recorded for this session: only its summary figures are stored (from the platform&apos;s session list), so there are no plots, events or highlights to show.</source>
        <translation>本场没有记录分钟数据：只存了汇总指标（来自平台的场次列表），因此没有图表、事件或高光可显示。</translation>
    </message>
    <message>
        <source>Paid traffic: the ad report&apos;s spend, GMV and ROI per window (T0/T15/T30, 千川 T7), typed or imported, and the spend recorded live</source>
        <translation>投流：报表中各口径（T0/T15/T30，千川 T7）的消耗、成交金额和 ROI（手填或导入），以及直播中记录的消耗</translation>
    </message>
    <message>
        <source>Paid traffic</source>
        <translation>投流</translation>
    </message>
    <message>
        <source>Planned start {planned}</source>
        <translation>计划开播 {planned}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Defaults of this tab</source>
        <translation>恢复本页默认</translation>
    </message>
    <message>
        <source>Put every option of this tab back to its default</source>
        <translation>把本页所有选项恢复为默认值</translation>
    </message>
    <message>
        <source>Takes effect when Genbo starts again: {options}.</source>
        <translation>重启 Genbo 后生效：{options}。</translation>
    </message>
    <message>
        <source>A robot&apos;s signing secret could not be saved in the system keyring. It is used until Genbo quits; enter it again after a restart.</source>
        <translation>机器人的签名密钥无法保存到系统密钥环。本次运行期间仍会使用；重启 Genbo 后请重新输入。</translation>
    </message>
</context>
<context>
    <name>SimulatorPanel</name>
    <message>
        <source>Simulator (demo data)</source>
        <translation>模拟器（演示数据）</translation>
    </message>
    <message>
        <source>How many times faster than real time the simulator runs</source>
        <translation>模拟器比真实时间快多少倍</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>The seed must be a whole number, or empty for a random show.</source>
        <translation>种子必须是整数，留空则随机生成。</translation>
    </message>
</context>
<context>
    <name>StartupWindow</name>
    <message>
        <source>Genbo 跟播</source>
        <translation>Genbo 跟播</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
</context>
<context>
    <name>StorageBanner</name>
    <message>
        <source>Hide this until something changes</source>
        <translation>在有变化之前隐藏此提示</translation>
    </message>
</context>
<context>
    <name>StreamerDialog</name>
    <message>
        <source>Edit streamer</source>
        <translation>编辑主播</translation>
    </message>
    <message>
        <source>New streamer</source>
        <translation>新建主播</translation>
    </message>
    <message>
        <source>e.g. 小杨</source>
        <translation>例如 小杨</translation>
    </message>
    <message>
        <source>the platform&apos;s own ID for the account</source>
        <translation>该账号在平台上的 ID</translation>
    </message>
    <message>
        <source>Every day at</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>Times in {zone}. A weekday&apos;s own time wins over the daily one.</source>
        <translation>时间按 {zone}。某天单独设的时间优先于每天的。</translation>
    </message>
    <message>
        <source>e.g. goes live at 6:30; fans expect her on time</source>
        <translation>例如 6:30 开播，粉丝等着她准时上线</translation>
    </message>
    <message>
        <source>Archived (kept with every session, left off the roster)</source>
        <translation>已归档（连同全部场次保留，不在主播看板显示）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名字</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>账号 ID</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开播</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>Enter the streamer&apos;s name.</source>
        <translation>请输入主播名字。</translation>
    </message>
</context>
<context>
    <name>SuspectReadsDialog</name>
    <message>
        <source>Suspect reads · {layout}</source>
        <translation>可疑读数 · {layout}</translation>
    </message>
    <message>
        <source>These reads were kept out of the data. Confirm a value that was right, correct one that was misread, or dismiss it.</source>
        <translation>这些读数没有计入数据。读对的请确认，读错的请更正，或者忽略。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>On the screen</source>
        <translation>屏幕上</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读到</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Confirm value</source>
        <translation>确认数值</translation>
    </message>
    <message>
        <source>the right value, e.g. 1.2万 or 1:35</source>
        <translation>正确的值，例如 1.2万 或 1:35</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>storing…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>to review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>corrected to {value}</source>
        <translation>已更正为 {value}</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>已忽略</translation>
    </message>
    <message>
        <source>taken as the new level</source>
        <translation>已按新水平采用</translation>
    </message>
    <message>
        <source>confidence {c:.0%}</source>
        <translation>置信度 {c:.0%}</translation>
    </message>
    <message>
        <source>Not stored: the screen source is no longer reading, or this read was already resolved.</source>
        <translation>未能保存：读屏来源已不在识别，或这条读数已经处理过。</translation>
    </message>
</context>
<context>
    <name>TargetDialog</name>
    <message>
        <source>Team-chat robot</source>
        <translation>团队群机器人</translation>
    </message>
    <message>
        <source>Add a robot</source>
        <translation>添加机器人</translation>
    </message>
    <message>
        <source>e.g. 运营群</source>
        <translation>例如 运营群</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Off keeps the robot in the list without sending to it.</source>
        <translation>关闭后机器人保留在列表中，但不再向它发送。</translation>
    </message>
    <message>
        <source>Send test</source>
        <translation>发送测试</translation>
    </message>
    <message>
        <source>Post a test message to the group now</source>
        <translation>立即向群里发送一条测试消息</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Webhook address</source>
        <translation>Webhook 地址</translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>unchanged (kept in the keyring)</source>
        <translation>不变（保存在系统密钥环中）</translation>
    </message>
    <message>
        <source>none: the robot does not check a signature</source>
        <translation>无：机器人不校验签名</translation>
    </message>
    <message>
        <source>The secret of the bot&apos;s 签名校验 (signature check), if it has one. Kept in the system keyring, never in the settings file.</source>
        <translation>机器人“签名校验”的密钥（如有）。保存在系统密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>The robot&apos;s 加签 secret (SEC…), if it has one. Kept in the system keyring, never in the settings file.</source>
        <translation>机器人的加签密钥（SEC…，如有）。保存在系统密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>Signs each post (X-Genbo-Signature, HMAC-SHA256), if given. Kept in the system keyring, never in the settings file.</source>
        <translation>如填写，则为每条消息签名（X-Genbo-Signature，HMAC-SHA256）。保存在系统密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>Choose at least one thing to send.</source>
        <translation>请至少选择一项要发送的内容。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Sent: look for “Genbo test message” in the group.</source>
        <translation>已发送：请在群里查看“Genbo test message”。</translation>
    </message>
    <message>
        <source>Not sent: {why}</source>
        <translation>未发送：{why}</translation>
    </message>
</context>
<context>
    <name>TileBoard</name>
    <message>
        <source>Viewers now</source>
        <translation>当前在线</translation>
    </message>
    <message>
        <source>Average dwell</source>
        <translation>人均停留时长</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>GMV / min</source>
        <translation>每分钟成交</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>New followers</source>
        <translation>新增粉丝</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>千次观看成交金额 GPM</translation>
    </message>
    <message>
        <source>Viewers at end</source>
        <translation>下播时在线</translation>
    </message>
    <message>
        <source>Dwell at end</source>
        <translation>下播时人均停留</translation>
    </message>
    <message>
        <source>Peak {peak} · avg {avg}</source>
        <translation>最高 {peak} · 平均 {avg}</translation>
    </message>
    <message>
        <source>{n} cumulative viewers</source>
        <translation>累计观看 {n} 人</translation>
    </message>
    <message>
        <source>First 15 min {g15} · 30 min {g30}</source>
        <translation>前15分钟 {g15} · 前30分钟 {g30}</translation>
    </message>
    <message>
        <source>{buyers} buyers · AOV {aov}</source>
        <translation>成交 {buyers} 人 · 客单价 {aov}</translation>
    </message>
    <message>
        <source>{likes} likes · {comments} comments</source>
        <translation>点赞 {likes} · 评论 {comments}</translation>
    </message>
    <message>
        <source>per 1,000 views</source>
        <translation>每千次观看</translation>
    </message>
    <message>
        <source>per 1,000 unique viewers (no view count)</source>
        <translation>每千名观众（无观看次数）</translation>
    </message>
    <message>
        <source>needs views</source>
        <translation>需要观看次数</translation>
    </message>
    <message>
        <source>UV value {uv} · conversion {conv}</source>
        <translation>UV价值 {uv} · 转化率 {conv}</translation>
    </message>
    <message>
        <source>Last 5 min {rate}</source>
        <translation>近5分钟 {rate}</translation>
    </message>
    <message>
        <source>Last 5 min {rate}/min</source>
        <translation>近5分钟 {rate}/分钟</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>Last {span} {rate}/min</source>
        <translation>近 {span} {rate}/分钟</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Mark moment</source>
        <translation>标记时刻</translation>
    </message>
    <message>
        <source>Hide the window</source>
        <translation>隐藏窗口</translation>
    </message>
    <message>
        <source>Quit Genbo</source>
        <translation>退出 Genbo</translation>
    </message>
    <message>
        <source>Show the window</source>
        <translation>显示窗口</translation>
    </message>
</context>
<context>
    <name>Wall</name>
    <message>
        <source>Could not start: {why}</source>
        <translation>无法开始：{why}</translation>
    </message>
    <message>
        <source>Could not resume: {why}</source>
        <translation>无法继续：{why}</translation>
    </message>
    <message>
        <source>Resumed: the same session goes on</source>
        <translation>已继续：同一场次接着记录</translation>
    </message>
    <message>
        <source>Following now ({sources})</source>
        <translation>开始跟播（{sources}）</translation>
    </message>
    <message>
        <source>Will not start by itself; Start now starts it</source>
        <translation>不再自动开始；点“现在开始”即可开始</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>Recorded by {operator} on another computer: shown read-only, read every {every}</source>
        <translation>由 {operator} 在另一台电脑上录制：只读显示，每 {every} 读取一次</translation>
    </message>
    <message>
        <source>Recorded on another computer: shown read-only, read every {every}</source>
        <translation>在另一台电脑上录制：只读显示，每 {every} 读取一次</translation>
    </message>
    <message>
        <source>Its recorder stopped answering: interrupted</source>
        <translation>它的录制端已停止响应：已中断</translation>
    </message>
    <message>
        <source>Ended on the computer recording it</source>
        <translation>已在录制它的电脑上结束</translation>
    </message>
    <message>
        <source>Stopped and saved</source>
        <translation>已停止并保存</translation>
    </message>
    <message>
        <source>Stopping failed; its samples are kept: {why}</source>
        <translation>停止失败，数据已保留：{why}</translation>
    </message>
</context>
<context>
    <name>WallFeed</name>
    <message>
        <source>Nothing yet. Milestones, alerts and source problems of every streamer show up here.</source>
        <translation>暂无。每位主播的里程碑、预警和数据源问题都会显示在这里。</translation>
    </message>
    <message>
        <source>{streamer}: {elapsed} into the session</source>
        <translation>{streamer}:开播后 {elapsed}</translation>
    </message>
</context>
<context>
    <name>WallHost</name>
    <message>
        <source>Saved walls</source>
        <translation>已保存的跟播墙</translation>
    </message>
    <message>
        <source>Open a saved wall (a named set of streamers with their sources)</source>
        <translation>打开已保存的跟播墙（一组带名称的主播及其数据源）</translation>
    </message>
    <message>
        <source>Save wall…</source>
        <translation>保存跟播墙…</translation>
    </message>
    <message>
        <source>Keep this set of streamers and sources under a name</source>
        <translation>把这组主播和数据源以一个名称保存下来</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>全部停止</translation>
    </message>
    <message>
        <source>Stop and save every session on the wall</source>
        <translation>停止并保存跟播墙上的所有场次</translation>
    </message>
    <message>
        <source>Close wall</source>
        <translation>关闭跟播墙</translation>
    </message>
    <message>
        <source>Take the wall away (only once none of its sessions is live)</source>
        <translation>关闭这面跟播墙（须其中没有正在直播的场次）</translation>
    </message>
    <message>
        <source>Team&apos;s live sessions</source>
        <translation>团队直播场次</translation>
    </message>
    <message>
        <source>Show the team&apos;s live sessions recorded on other computers, read-only: read from the team server every {every}, so about {every} behind</source>
        <translation>显示团队在其他电脑上录制的直播场次，只读：每 {every} 从团队服务器读取一次，所以约落后 {every}</translation>
    </message>
    <message>
        <source>Follow up to twelve streamers at once. In the Roster, select streamers and press Follow; open a saved wall; or try the demo wall of twelve simulated shows.</source>
        <translation>同时跟播最多 12 位主播。在“主播看板”中选中主播后点“跟播”；或打开已保存的跟播墙；或试试由 12 场模拟直播组成的演示跟播墙。</translation>
    </message>
    <message>
        <source>Start demo wall</source>
        <translation>开始演示跟播墙</translation>
    </message>
    <message>
        <source>Show the team&apos;s live sessions</source>
        <translation>显示团队的直播场次</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>跟播墙</translation>
    </message>
    <message>
        <source>A wall is being followed. Stop its sessions (Stop all) before opening “{name}”.</source>
        <translation>当前跟播墙仍在跟播。请先停止其中的场次（“全部停止”），再打开“{name}”。</translation>
    </message>
    <message>
        <source>The wall cannot be recorded.</source>
        <translation>无法记录这面跟播墙。</translation>
    </message>
    <message>
        <source>No wall</source>
        <translation>未打开跟播墙</translation>
    </message>
    <message>
        <source>{name} · {live} of {n} live</source>
        <translation>{name} · {live}/{n} 直播中</translation>
    </message>
    <message>
        <source>The wall is full ({n} tiles): no room for the team&apos;s sessions.</source>
        <translation>跟播墙已满（{n} 个卡片）：放不下团队的场次。</translation>
    </message>
    <message>
        <source>Genbo</source>
        <translation>Genbo 跟播</translation>
    </message>
    <message>
        <source>No saved walls yet</source>
        <translation>还没有已保存的跟播墙</translation>
    </message>
    <message>
        <source>Demo wall (12 simulated shows)</source>
        <translation>演示跟播墙（12 场模拟直播）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The saved wall “{name}” cannot be opened; nothing was started. Save the wall again under that name, or open its file with genbo wall.</source>
        <translation>无法打开已保存的跟播墙“{name}”，未开始任何跟播。请用这个名字重新保存，或用 genbo wall 打开它的文件。</translation>
    </message>
    <message>
        <source>Delete saved wall</source>
        <translation>删除已保存的跟播墙</translation>
    </message>
    <message>
        <source>Delete the saved wall “{name}”? Its sessions stay in the library; only the set of streamers and sources is forgotten.</source>
        <translation>删除已保存的跟播墙“{name}”吗？它的场次仍留在场次库中，只是不再记住这组主播和数据源。</translation>
    </message>
    <message>
        <source>The saved wall “{name}” could not be deleted; it is still there. Check that the data folder can be written.</source>
        <translation>无法删除已保存的跟播墙“{name}”，它仍然存在。请检查数据文件夹是否可写。</translation>
    </message>
    <message>
        <source>Save wall</source>
        <translation>保存跟播墙</translation>
    </message>
    <message>
        <source>Name of this wall (the same name replaces it):</source>
        <translation>跟播墙名称（同名会覆盖原有的）：</translation>
    </message>
    <message>
        <source>Wall “{name}” saved.</source>
        <translation>已保存跟播墙“{name}”。</translation>
    </message>
    <message>
        <source>The wall could not be saved as “{name}”; it goes on as it is. Check that the data folder can be written, or try another name.</source>
        <translation>无法将跟播墙保存为“{name}”，跟播照常进行。请检查数据文件夹是否可写，或换一个名字。</translation>
    </message>
    <message>
        <source>Stop following every streamer on the wall? Each session is saved and closed.</source>
        <translation>要停止跟播墙上的全部主播吗？各场次将保存并结束。</translation>
    </message>
    <message>
        <source>Stop and save all</source>
        <translation>全部停止并保存</translation>
    </message>
    <message>
        <source>{name} is recorded by {operator} on another computer: read-only here.</source>
        <translation>{name} 由 {operator} 在另一台电脑上录制：这里只读。</translation>
    </message>
    <message>
        <source>{name} is recorded on another computer: read-only here.</source>
        <translation>{name} 在另一台电脑上录制：这里只读。</translation>
    </message>
    <message>
        <source>No wall is open.</source>
        <translation>没有打开的跟播墙。</translation>
    </message>
    <message>
        <source>No streamer “{name}” on this wall; it has {names}.</source>
        <translation>这面跟播墙上没有主播“{name}”；墙上有：{names}。</translation>
    </message>
    <message>
        <source>“{name}” could be {names}: type more of the name.</source>
        <translation>“{name}”可能是 {names}：请多输入几个字。</translation>
    </message>
    <message>
        <source>Click a tile first, or name the streamer: @name gmv 12万</source>
        <translation>请先点选一张卡片，或点名主播：@name gmv 12万</translation>
    </message>
    <message>
        <source>{name}: segment “{segment}” ended</source>
        <translation>{name}：片段“{segment}”已结束</translation>
    </message>
    <message>
        <source>{name}: no segment is running</source>
        <translation>{name}：没有进行中的片段</translation>
    </message>
    <message>
        <source>{name}: segment “{segment}” started (E ends it)</source>
        <translation>{name}：片段“{segment}”已开始（按 E 结束）</translation>
    </message>
    <message>
        <source>{name}: marked {title}</source>
        <translation>{name}：已标记 {title}</translation>
    </message>
    <message>
        <source>{name} is not being followed right now: start the tile first.</source>
        <translation>{name} 当前没有在跟播：请先在卡片上开始跟播。</translation>
    </message>
    <message>
        <source>Numbers for the focused tile: gmv 1.2万 · @杨小姐 v 3500 (Ctrl+L)</source>
        <translation>为选中的卡片录入：gmv 1.2万 · @杨小姐 v 3500（Ctrl+L）</translation>
    </message>
    <message>
        <source>the team server does not answer</source>
        <translation>团队服务器没有响应</translation>
    </message>
    <message>
        <source>The team server did not answer ({why}): the team&apos;s tiles show what was read last (each says when), and it is read again every {every}.</source>
        <translation>团队服务器没有响应（{why}）：团队的卡片显示的是最后读到的内容（每张都注明时间），每 {every} 重新读取。</translation>
    </message>
    <message>
        <source>about {delay} behind</source>
        <translation>约落后 {delay}</translation>
    </message>
    <message>
        <source>Read-only: recorded on other computers</source>
        <translation>只读：在其他电脑上录制</translation>
    </message>
    <message>
        <source>Highlight at {time}</source>
        <translation>{time} 的高光</translation>
    </message>
    <message>
        <source>Mark moment ({name})</source>
        <translation>标记时刻（{name}）</translation>
    </message>
    <message>
        <source>{name}: note for {time} — Enter saves, Esc skips</source>
        <translation>{name}：{time} 的备注 — Enter 保存，Esc 跳过</translation>
    </message>
    <message>
        <source>{name}: segment name, e.g. 讲解 商品A — Enter starts it, Esc cancels</source>
        <translation>{name}：环节名称，例如 讲解 商品A — Enter 开始，Esc 取消</translation>
    </message>
</context>
<context>
    <name>WallTile</name>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>Time since the session started</source>
        <translation>开播以来的时长</translation>
    </message>
    <message>
        <source>Open, start, stop or resume this streamer&apos;s session</source>
        <translation>打开、开始、停止或继续这位主播的场次</translation>
    </message>
    <message>
        <source>Open full view</source>
        <translation>打开完整视图</translation>
    </message>
    <message>
        <source>Start now</source>
        <translation>现在开始</translation>
    </message>
    <message>
        <source>Stop and save</source>
        <translation>停止并保存</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Viewers</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交额</translation>
    </message>
    <message>
        <source>GMV/min</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <source>vs median</source>
        <translation>对比中位数</translation>
    </message>
    <message>
        <source>GMV against the median of the streamer&apos;s earlier sessions at this minute</source>
        <translation>这一分钟的成交额与该主播以往场次中位数的对比</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Open its review (read-only)</source>
        <translation>打开它的复盘（只读）</translation>
    </message>
    <message>
        <source>Open this session&apos;s review (read-only)</source>
        <translation>打开这个场次的复盘（只读）</translation>
    </message>
    <message>
        <source>Recorded by {operator} on another computer: read-only here. Read from the team server every {every}, so about {every} behind. Double-click to open its review.</source>
        <translation>由 {operator} 在另一台电脑上录制：这里只读。每 {every} 从团队服务器读取一次，约落后 {every}。双击打开它的复盘。</translation>
    </message>
    <message>
        <source>Recorded on another computer: read-only here. Read from the team server every {every}, so about {every} behind. Double-click to open its review.</source>
        <translation>在另一台电脑上录制：这里只读。每 {every} 从团队服务器读取一次，约落后 {every}。双击打开它的复盘。</translation>
    </message>
    <message>
        <source>read {time}, about {delay} behind</source>
        <translation>{time} 读取，约落后 {delay}</translation>
    </message>
    <message>
        <source>read {time}</source>
        <translation>{time} 读取</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>未开播</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>stale {time}</source>
        <translation>断流 {time}</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>Earlier sessions could not be read: {why}</source>
        <translation>读不到以往场次:{why}</translation>
    </message>
    <message>
        <source>GMV against the median of {n} earlier sessions at {at}</source>
        <translation>{at} 时的成交额,对比以往 {n} 场的中位数</translation>
    </message>
    <message>
        <source>First session: nothing to compare with yet</source>
        <translation>首场:还没有可对比的场次</translation>
    </message>
    <message>
        <source>Reading earlier sessions…</source>
        <translation>正在读取以往场次…</translation>
    </message>
    <message>
        <source>interrupted · {figures}</source>
        <translation>已中断 · {figures}</translation>
    </message>
    <message>
        <source>{figures} · not saved yet: {why}</source>
        <translation>{figures} · 尚未保存:{why}</translation>
    </message>
    <message>
        <source>Saving the session…</source>
        <translation>正在保存场次…</translation>
    </message>
    <message>
        <source>could not start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <source>Starting the sources…</source>
        <translation>正在启动数据源…</translation>
    </message>
    <message>
        <source>{source}: no data</source>
        <translation>{source}：没有数据</translation>
    </message>
    <message>
        <source>{source}: starting</source>
        <translation>{source}:启动中</translation>
    </message>
    <message>
        <source>{source}: stopped</source>
        <translation>{source}:已停止</translation>
    </message>
    <message>
        <source>{source}: finished</source>
        <translation>{source}:已结束</translation>
    </message>
    <message>
        <source>Keyboard entry</source>
        <translation>键盘录入</translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation>尚未开播</translation>
    </message>
    <message>
        <source>due {time}, {late} late</source>
        <translation>应于 {time} 开播，已晚 {late}</translation>
    </message>
    <message>
        <source>due {time}, in {wait}</source>
        <translation>应于 {time} 开播，还有 {wait}</translation>
    </message>
    <message>
        <source>due {time}, now</source>
        <translation>应于 {time} 开播，就是现在</translation>
    </message>
    <message>
        <source>Starts following in {wait}</source>
        <translation>{wait} 后自动开始跟播</translation>
    </message>
    <message>
        <source>Starts following at {time}</source>
        <translation>{time} 自动开始跟播</translation>
    </message>
    <message>
        <source>Starts following {wait} after the wall opened</source>
        <translation>打开跟播墙 {wait} 后自动开始跟播</translation>
    </message>
    <message>
        <source>Start it with “Start now”</source>
        <translation>点“现在开始”开始跟播</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <source>Nobody on the team is live right now. A session recorded on another computer shows up here within about {every} of its start.</source>
        <translation>团队现在没有人在直播。其他电脑上录制的场次开始后约 {every} 内会出现在这里。</translation>
    </message>
    <message>
        <source>Events of every streamer</source>
        <translation>所有主播的动态</translation>
    </message>
</context>
<context>
    <name>ads</name>
    <message>
        <source>direct</source>
        <translation>直接</translation>
    </message>
    <message>
        <source>row {row}: the file&apos;s {window} ROI is {theirs}, GMV ÷ spend is {ours}; Genbo uses its own</source>
        <translation>第 {row} 行：文件中的 {window} ROI 为 {theirs}，成交金额 ÷ 消耗为 {ours}；Genbo 采用自己算出的值</translation>
    </message>
    <message>
        <source>no header row found: an ad report needs columns such as 日期, 计划ID, 快手ID or 抖音号, and 花费(元) or 消耗(元)</source>
        <translation>找不到表头行：投放报表需要 日期、计划ID、快手ID 或 抖音号，以及 花费(元) 或 消耗(元) 等列</translation>
    </message>
    <message>
        <source>cannot tell whether this is a 磁力金牛 or a 千川 report from its columns: {columns}</source>
        <translation>无法从列名判断这是磁力金牛还是千川的报表：{columns}</translation>
    </message>
    <message>
        <source>unknown ad platform “{platform}”; known: {known}</source>
        <translation>未知的投放平台“{platform}”；已知：{known}</translation>
    </message>
    <message>
        <source>the report has no {missing} column; its columns: {columns}</source>
        <translation>报表缺少 {missing} 列；现有的列：{columns}</translation>
    </message>
    <message>
        <source>not a date (e.g. 2026-11-03)</source>
        <translation>不是日期（例如 2026-11-03）</translation>
    </message>
    <message>
        <source>empty; an ID is needed</source>
        <translation>为空；需要 ID</translation>
    </message>
    <message>
        <source>no spend; write 0 for none</source>
        <translation>没有消耗；没有花费请填 0</translation>
    </message>
    <message>
        <source>the same plan, account and day as row {other}; left out</source>
        <translation>与第 {other} 行的计划、账号和日期相同；未计入</translation>
    </message>
    <message>
        <source>{tool} has no {window} window</source>
        <translation>{tool}没有 {window} 窗口</translation>
    </message>
    <message>
        <source>“{name}” is an old Excel file (.xls); save it as .xlsx or CSV and try again</source>
        <translation>“{name}”是旧版 Excel 文件（.xls）；请另存为 .xlsx 或 CSV 后重试</translation>
    </message>
    <message>
        <source>{path} could not be read: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>“{name}” is empty</source>
        <translation>“{name}”是空文件</translation>
    </message>
    <message>
        <source>“{name}” is not a CSV table: {error}</source>
        <translation>“{name}”不是 CSV 表格：{error}</translation>
    </message>
    <message>
        <source>“{name}” is not a readable .xlsx workbook: {error}</source>
        <translation>“{name}”不是可读取的 .xlsx 工作簿：{error}</translation>
    </message>
    <message>
        <source>“{name}”: {error}</source>
        <translation>“{name}”：{error}</translation>
    </message>
    <message>
        <source>no streamer has the account {account}; give a streamer this account ID (and platform {platform}) and import again</source>
        <translation>没有主播使用账号 {account}；请为主播填写这个账号 ID（平台 {platform}）后重新导入</translation>
    </message>
    <message>
        <source>several streamers have the account {account}</source>
        <translation>有多位主播使用账号 {account}</translation>
    </message>
    <message>
        <source>the account {account} is {names}&apos;s on another platform, not on {platform}</source>
        <translation>账号 {account} 属于 {names}，但在其他平台，不在 {platform}</translation>
    </message>
    <message>
        <source>{name}&apos;s platform is “{platform}”; paid figures need kuaishou (磁力金牛) or douyin (千川)</source>
        <translation>{name} 的平台是“{platform}”；投流数据需要 kuaishou（磁力金牛）或 douyin（千川）</translation>
    </message>
</context>
<context>
    <name>alerts</name>
    <message>
        <source>Rule {number}: {message}</source>
        <translation>规则 {number}：{message}</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Off keeps the rule in the list without using it.</source>
        <translation>关闭后规则仍保留在列表中，但不再使用。</translation>
    </message>
    <message>
        <source>Readings to confirm</source>
        <translation>连续确认次数</translation>
    </message>
    <message>
        <source>The alert fires only after this many readings in a row meet the rule.</source>
        <translation>连续这么多次读数都满足条件时才提醒。</translation>
    </message>
    <message>
        <source>Cool-down</source>
        <translation>冷却时间</translation>
    </message>
    <message>
        <source>No second alert of this rule within this time; it also waits until the condition has cleared.</source>
        <translation>这段时间内同一规则不再重复提醒；条件解除后才会再次提醒。</translation>
    </message>
    <message>
        <source>Not in the first minutes</source>
        <translation>开播后前几分钟不提醒</translation>
    </message>
    <message>
        <source>The rule is quiet for this many minutes after the show starts.</source>
        <translation>开播后这么多分钟内，此规则不提醒。</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下降</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上升</translation>
    </message>
    <message>
        <source>The length of the window, in minutes of session time.</source>
        <translation>统计窗口的长度，按场次时间的分钟计。</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟数</translation>
    </message>
    <message>
        <source>not a rule (a table of fields was expected)</source>
        <translation>不是一条规则（应为一组字段）</translation>
    </message>
    <message>
        <source>unknown kind of rule “{text}”; known kinds: {kinds}</source>
        <translation>未知的规则类型“{text}”；已知类型：{kinds}</translation>
    </message>
    <message>
        <source>“{field}” must be on or off</source>
        <translation>“{field}”只能是开或关</translation>
    </message>
    <message>
        <source>“{field}” must be one of: {choices}</source>
        <translation>“{field}”必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>“{field}” must be a number</source>
        <translation>“{field}”必须是数字</translation>
    </message>
    <message>
        <source>“{field}” must be between {low} and {high}</source>
        <translation>“{field}”必须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>“{field}” must be a whole number</source>
        <translation>“{field}”必须是整数</translation>
    </message>
    <message>
        <source>“{field}”: give at most two decimals of a yuan</source>
        <translation>“{field}”：金额最多保留两位小数（元）</translation>
    </message>
    <message>
        <source>“{field}”: give at most {decimals} decimals</source>
        <translation>“{field}”：最多保留 {decimals} 位小数</translation>
    </message>
    <message>
        <source>Change against the minutes before</source>
        <translation>环比变化</translation>
    </message>
    <message>
        <source>A metric over the last minutes against the same number of minutes before (环比). GMV, orders and spend count what was added in each window; viewers and dwell their average.</source>
        <translation>某项指标最近几分钟与之前相同分钟数的对比（环比）。成交金额、订单数和消耗按每个窗口内的新增计算；在线人数和停留时长按窗口内的平均值计算。</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化幅度</translation>
    </message>
    <message>
        <source>Smallest base</source>
        <translation>最小基数</translation>
    </message>
    <message>
        <source>The earlier window must reach this much (yuan, a count or seconds), so changes of tiny numbers do not fire.</source>
        <translation>前一个窗口至少要达到这个数（元、个数或秒），数值太小时的变化不提醒。</translation>
    </message>
    <message>
        <source>No order</source>
        <translation>无成交</translation>
    </message>
    <message>
        <source>No new order for this many minutes while live. The clock starts at the first orders reading and starts again after a gap in the data.</source>
        <translation>直播中这么多分钟没有新订单。从第一次读到订单数开始计时，数据中断后重新计时。</translation>
    </message>
    <message>
        <source>Spend rising, GMV flat</source>
        <translation>消耗上涨，成交不动</translation>
    </message>
    <message>
        <source>Paid-traffic spend rose by at least the amount within the window while GMV rose by no more than the share of that spend, or the amount, given.</source>
        <translation>窗口内投流消耗至少增加了设定金额，而成交金额的增加不超过该消耗的设定比例或设定金额。</translation>
    </message>
    <message>
        <source>Spend at least</source>
        <translation>消耗至少</translation>
    </message>
    <message>
        <source>GMV at most, share of spend</source>
        <translation>成交至多（占消耗比例）</translation>
    </message>
    <message>
        <source>or GMV at most</source>
        <translation>或成交至多</translation>
    </message>
    <message>
        <source>Live ROI below</source>
        <translation>实时 ROI 低于</translation>
    </message>
    <message>
        <source>GMV ÷ paid-traffic spend over the session so far below this, once the spend has reached the amount given.</source>
        <translation>本场至今的成交金额 ÷ 投流消耗低于此值（消耗达到设定金额后才判断）。</translation>
    </message>
    <message>
        <source>ROI below</source>
        <translation>ROI 低于</translation>
    </message>
    <message>
        <source>From a spend of</source>
        <translation>消耗达到</translation>
    </message>
    <message>
        <source>Viewers below</source>
        <translation>在线人数低于</translation>
    </message>
    <message>
        <source>Online viewers below this number.</source>
        <translation>在线人数低于这个数。</translation>
    </message>
    <message>
        <source>Dwell below the median</source>
        <translation>停留时长低于中位数</translation>
    </message>
    <message>
        <source>Average dwell below the streamer&apos;s median by this much. Without earlier sessions of the streamer there is no median and the rule does not run.</source>
        <translation>人均停留时长比主播的中位数低出这个比例。主播还没有往期场次时没有中位数，此规则不运行。</translation>
    </message>
    <message>
        <source>Below the median by</source>
        <translation>低于中位数</translation>
    </message>
    <message>
        <source>the alert rules are not a list</source>
        <translation>提醒规则不是一个列表</translation>
    </message>
    <message>
        <source>the same rule as rule {other}</source>
        <translation>与规则 {other} 相同</translation>
    </message>
    <message>
        <source>{metric} in the last {minutes} min {change} vs the {minutes} before</source>
        <translation>{metric}近 {minutes} 分钟环比前 {minutes} 分钟 {change}</translation>
    </message>
    <message>
        <source>No order for {minutes} min</source>
        <translation>{minutes} 分钟无成交</translation>
    </message>
    <message>
        <source>Spend +{spend} in {minutes} min, GMV +{gmv}</source>
        <translation>{minutes} 分钟消耗 +{spend}，成交 +{gmv}</translation>
    </message>
    <message>
        <source>Live ROI {roi} below {below}</source>
        <translation>实时 ROI {roi}，低于 {below}</translation>
    </message>
    <message>
        <source>Viewers {viewers} below {below}</source>
        <translation>在线人数 {viewers}，低于 {below}</translation>
    </message>
    <message>
        <source>Dwell {dwell}, {pct} below the median {median}</source>
        <translation>人均停留 {dwell}，比中位数 {median} 低 {pct}</translation>
    </message>
    <message>
        <source>Dwell below the median cannot run: there is no median dwell of this streamer yet.</source>
        <translation>“停留时长低于中位数”无法运行：该主播还没有停留时长的中位数。</translation>
    </message>
</context>
<context>
    <name>argparse</name>
    <message>
        <source>usage: </source>
        <translation>用法：</translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>位置参数</translation>
    </message>
    <message>
        <source>options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <translation>显示本帮助并退出</translation>
    </message>
    <message>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s：错误：%(message)s
</translation>
    </message>
    <message>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>参数 %(argument_name)s：%(message)s</translation>
    </message>
    <message>
        <source>the following arguments are required: %s</source>
        <translation>缺少必需的参数：%s</translation>
    </message>
    <message>
        <source>one of the arguments %s is required</source>
        <translation>参数 %s 中必须给出一个</translation>
    </message>
    <message>
        <source>unrecognized arguments: %s</source>
        <translation>无法识别的参数：%s</translation>
    </message>
    <message>
        <source>ambiguous option: %(option)s could match %(matches)s</source>
        <translation>选项有歧义：%(option)s 可能是 %(matches)s</translation>
    </message>
    <message>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>无效的选项：%(value)r（可选：%(choices)s）</translation>
    </message>
    <message>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>无效的 %(type)s 值：%(value)r</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>需要一个值</translation>
    </message>
    <message>
        <source>expected at most one argument</source>
        <translation>最多需要一个值</translation>
    </message>
    <message>
        <source>expected at least one argument</source>
        <translation>至少需要一个值</translation>
    </message>
    <message>
        <source>expected %s argument</source>
        <translation>需要 %s 个值</translation>
    </message>
    <message>
        <source>expected %s arguments</source>
        <translation>需要 %s 个值</translation>
    </message>
    <message>
        <source>not allowed with argument %s</source>
        <translation>不能与参数 %s 同时使用</translation>
    </message>
    <message>
        <source>ignored explicit argument %r</source>
        <translation>忽略了显式给出的值 %r</translation>
    </message>
    <message>
        <source>can&apos;t open &apos;%(filename)s&apos;: %(error)s</source>
        <translation>无法打开 &apos;%(filename)s&apos;：%(error)s</translation>
    </message>
    <message>
        <source>unknown parser %(parser_name)r (choices: %(choices)s)</source>
        <translation>未知命令 %(parser_name)r（可选：%(choices)s）</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>clock</name>
    <message>
        <source>The computer&apos;s clock jumped forward by {amount} at {at} into the session; Genbo keeps the session&apos;s own time, so samples stay in order and the elapsed time is right.</source>
        <translation>电脑时钟在开播 {at} 时向前跳了 {amount}；跟播沿用本场自己的时间，样本顺序和已播时长都不受影响。</translation>
    </message>
    <message>
        <source>The computer&apos;s clock jumped back by {amount} at {at} into the session; Genbo keeps the session&apos;s own time, so samples stay in order and the elapsed time is right.</source>
        <translation>电脑时钟在开播 {at} 时向后跳了 {amount}；跟播沿用本场自己的时间，样本顺序和已播时长都不受影响。</translation>
    </message>
</context>
<context>
    <name>exports</name>
    <message>
        <source>Start</source>
        <translation>开场</translation>
    </message>
    <message>
        <source>merged “{title}” into the chapter at {clock}: chapters must be at least {seconds} s apart</source>
        <translation>已把“{title}”并入 {clock} 的章节：章节之间至少相隔 {seconds} 秒</translation>
    </message>
    <message>
        <source>merged the last chapter “{title}”: it would be shorter than 10 s</source>
        <translation>已把最后一个章节“{title}”并入上一章：它会短于 10 秒</translation>
    </message>
    <message>
        <source>YouTube shows chapters only when there are at least 3, each at least {seconds} s long; this session gives {n}. Mark more moments (H) or export another format.</source>
        <translation>YouTube 只在至少有 3 个章节、且每个至少 {seconds} 秒时才显示章节；这场直播只有 {n} 个。请多标记几个时刻（H），或导出其他格式。</translation>
    </message>
    <message>
        <source>this export is a binary file, not text; save it to a file</source>
        <translation>这个导出是二进制文件，不是文本；请保存到文件</translation>
    </message>
    <message>
        <source>a binary file cannot be written as text; save it to a file</source>
        <translation>二进制文件不能作为文本写出；请保存到文件</translation>
    </message>
    <message>
        <source>“{text}” is not an offset; write it like +0:02:00 or -1:30</source>
        <translation>“{text}”不是偏移量；请写成 +0:02:00 或 -1:30 这样</translation>
    </message>
    <message>
        <source>dropped “{title}”: it happened before the video started</source>
        <translation>已略去“{title}”：它发生在视频开始之前</translation>
    </message>
    <message>
        <source>moved “{title}” one frame on: two markers cannot share a frame</source>
        <translation>已把“{title}”后移一帧：两个标记不能在同一帧</translation>
    </message>
    <message>
        <source>unknown format “{format}”; choose from {choices}</source>
        <translation>未知格式“{format}”；可选：{choices}</translation>
    </message>
    <message>
        <source>this session has no segments; start one with S and end it with E</source>
        <translation>这场直播没有环节；按 S 开始一个环节，按 E 结束</translation>
    </message>
    <message>
        <source>this session has no highlights yet; mark moments with H (milestones add their own) and export again</source>
        <translation>这场直播还没有高光；按 H 标记时刻（里程碑会自动添加高光）后再导出</translation>
    </message>
    <message>
        <source>dropped “{name}”: it ended before the video started</source>
        <translation>已略去“{name}”：它在视频开始之前就已结束</translation>
    </message>
    <message>
        <source>Genbo session</source>
        <translation>Genbo 场次</translation>
    </message>
</context>
<context>
    <name>figures</name>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Peak viewers</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>Average viewers</source>
        <translation>平均在线</translation>
    </message>
    <message>
        <source>Average dwell</source>
        <translation>人均停留时长</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>GMV first 15 min</source>
        <translation>前15分钟成交金额</translation>
    </message>
    <message>
        <source>GMV first 30 min</source>
        <translation>前30分钟成交金额</translation>
    </message>
    <message>
        <source>GMV/min</source>
        <translation>每分钟成交金额</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>千次观看成交金额 GPM</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Average order value</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>UV value</source>
        <translation>UV价值</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <source>Followers gained</source>
        <translation>涨粉</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>投流消耗</translation>
    </message>
    <message>
        <source>ROI</source>
        <translation>ROI 投产比</translation>
    </message>
</context>
<context>
    <name>funnel</name>
    <message>
        <source>Impressions → entries</source>
        <translation>曝光进入率</translation>
    </message>
    <message>
        <source>Entries → product clicks</source>
        <translation>商品点击率</translation>
    </message>
    <message>
        <source>Product clicks → buyers</source>
        <translation>点击成交率</translation>
    </message>
    <message>
        <source>Entries → buyers</source>
        <translation>观看成交率</translation>
    </message>
</context>
<context>
    <name>ghost</name>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
</context>
<context>
    <name>guard</name>
    <message>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>the number touches the box&apos;s edge and may be cut off: draw the box larger</source>
        <translation>数字碰到了框的边缘，可能被截断：请把框画大一些</translation>
    </message>
    <message>
        <source>read with low confidence</source>
        <translation>读取置信度低</translation>
    </message>
    <message>
        <source>a running total went backwards</source>
        <translation>累计值倒退了</translation>
    </message>
    <message>
        <source>jumped more than ×{ratio} at once</source>
        <translation>一次跳变超过 ×{ratio}</translation>
    </message>
    <message>
        <source>at least one read is needed to accept a value</source>
        <translation>至少需要读取一次才能采用数值</translation>
    </message>
    <message>
        <source>the confidence threshold lies between 0 and 1</source>
        <translation>置信度阈值应在 0 到 1 之间</translation>
    </message>
    <message>
        <source>the jump limit must be more than ×1</source>
        <translation>跳变上限必须大于 ×1</translation>
    </message>
    <message>
        <source>at least one read is needed to take a new level</source>
        <translation>至少需要读取一次才能采用新水平</translation>
    </message>
    <message>
        <source>“{text}” holds no number</source>
        <translation>“{text}”里没有数字</translation>
    </message>
    <message>
        <source>“{text}” is not clearly a number</source>
        <translation>“{text}”不是清楚的数字</translation>
    </message>
    <message>
        <source>“{text}” holds several numbers; draw the box around one</source>
        <translation>“{text}”里有多个数字；请只框住一个</translation>
    </message>
</context>
<context>
    <name>import</name>
    <message>
        <source>the file starts like UTF-16 but is not: {error}</source>
        <translation>文件开头像 UTF-16，但并不是：{error}</translation>
    </message>
    <message>
        <source>the file is neither UTF-8 nor GBK/GB18030 text; save it from the spreadsheet as CSV (UTF-8) and try again ({reason} at byte {byte})</source>
        <translation>文件既不是 UTF-8 也不是 GBK/GB18030 文本；请在表格软件中另存为 CSV（UTF-8）后重试（第 {byte} 字节：{reason}）</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>the file is not a CSV table: {error}</source>
        <translation>文件不是 CSV 表格：{error}</translation>
    </message>
    <message>
        <source>no header row found: the file needs a first row naming its columns (e.g. 时间, 在线人数, 成交金额(元))</source>
        <translation>找不到表头行：文件的第一行需要写明各列名称（例如 时间, 在线人数, 成交金额(元)）</translation>
    </message>
    <message>
        <source>row {row}, column “{header}”: “{text}” — {reason}</source>
        <translation>第 {row} 行，“{header}”列：“{text}”——{reason}</translation>
    </message>
    <message>
        <source>column “{column}” also looks like {metric}; column “{taken}” was taken, this one is ignored</source>
        <translation>“{column}”列看起来也是{metric}；已采用“{taken}”列，这一列被忽略</translation>
    </message>
    <message>
        <source>column “{column}” looks like {metric}, but most of its values are not (e.g. “{example}”); it is ignored</source>
        <translation>“{column}”列看起来是{metric}，但大部分值不是（例如“{example}”）；已忽略</translation>
    </message>
    <message>
        <source>column “{column}” goes down in places, so it is read as per-minute</source>
        <translation>“{column}”列的数值有回落，因此按每分钟增量读取</translation>
    </message>
    <message>
        <source>a percentage cannot be {metric}</source>
        <translation>百分比不能作为{metric}</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>{metric} cannot be negative</source>
        <translation>{metric}不能为负</translation>
    </message>
    <message>
        <source>{metric} must be a whole number</source>
        <translation>{metric}必须是整数</translation>
    </message>
    <message>
        <source>money has at most two decimals (fen)</source>
        <translation>金额最多两位小数（到分）</translation>
    </message>
    <message>
        <source>not a clock time (HH:MM or HH:MM:SS)</source>
        <translation>不是时刻（HH:MM 或 HH:MM:SS）</translation>
    </message>
    <message>
        <source>not a time of day</source>
        <translation>不是一天中的时刻</translation>
    </message>
    <message>
        <source>not a date and time (e.g. 2024-11-11 20:05:00)</source>
        <translation>不是日期时间（例如 2024-11-11 20:05:00）</translation>
    </message>
    <message>
        <source>not a Unix time</source>
        <translation>不是 Unix 时间</translation>
    </message>
    <message>
        <source>not a number of minutes since the start</source>
        <translation>不是开播后的分钟数</translation>
    </message>
    <message>
        <source>minutes since the start cannot be negative</source>
        <translation>开播后的分钟数不能为负</translation>
    </message>
    <message>
        <source>(no heading)</source>
        <translation>（无列名）</translation>
    </message>
    <message>
        <source>no time column is chosen; the columns are {columns}</source>
        <translation>没有选择时间列；各列为：{columns}</translation>
    </message>
    <message>
        <source>no column is mapped to a metric Genbo knows; the columns are {columns}</source>
        <translation>没有任何列对应到 Genbo 认识的指标；各列为：{columns}</translation>
    </message>
    <message>
        <source>the time column cannot also be a metric</source>
        <translation>时间列不能同时作为指标</translation>
    </message>
    <message>
        <source>there is no column {n}; the columns are {columns}</source>
        <translation>没有第 {n} 列；各列为：{columns}</translation>
    </message>
    <message>
        <source>unknown metric “{metric}”; known: {known}</source>
        <translation>未知指标“{metric}”；已知指标：{known}</translation>
    </message>
    <message>
        <source>{metric} is mapped twice (columns “{first}” and “{second}”); ignore one of them</source>
        <translation>{metric} 被对应了两次（“{first}”列和“{second}”列）；请忽略其中一列</translation>
    </message>
    <message>
        <source>{metric} is a reading, not a total; it cannot be per-minute</source>
        <translation>{metric} 是瞬时读数而不是累计值，不能按每分钟增量读取</translation>
    </message>
    <message>
        <source>clock times and minutes since the start need the show&apos;s date</source>
        <translation>时刻和开播后的分钟数需要知道直播日期</translation>
    </message>
    <message>
        <source>no time in this row</source>
        <translation>这一行没有时间</translation>
    </message>
    <message>
        <source>looks like a totals row, not a reading</source>
        <translation>看起来是合计行，不是读数</translation>
    </message>
    <message>
        <source>a value beyond the last column heading</source>
        <translation>最后一个列名之后还有数值（多出的列没有列名）</translation>
    </message>
    <message>
        <source>column “{column}”: the per-minute amounts of rows {rows} (no readable time) are not in the running total</source>
        <translation>“{column}”列：第 {rows} 行（时间无法读取）的每分钟增量未计入累计值</translation>
    </message>
    <message>
        <source>column “{column}”: values rounded to 0.1 s, as Genbo keeps times ({n} of them)</source>
        <translation>“{column}”列：有 {n} 个值按 Genbo 保存时长的精度取整到 0.1 秒</translation>
    </message>
    <message>
        <source>“{text}” is not a UTC offset; write it like +08:00</source>
        <translation>“{text}”不是 UTC 偏移，请写成 +08:00 这样</translation>
    </message>
    <message>
        <source>“{text}” is beyond ±14:00</source>
        <translation>“{text}”超出了 ±14:00</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>this is not a CSV import</source>
        <translation>这不是 CSV 导入</translation>
    </message>
    <message>
        <source>This JSON file is not a Genbo session export (its &quot;format&quot; is not &quot;genbo-session&quot;). Export a session with: genbo export ID --format json</source>
        <translation>这个 JSON 文件不是 Genbo 的场次导出（它的 &quot;format&quot; 不是 &quot;genbo-session&quot;）。导出场次的命令：genbo export ID --format json</translation>
    </message>
    <message>
        <source>This export is version {version}; this Genbo reads versions 1 and 2. Update Genbo to import it.</source>
        <translation>这个导出文件是第 {version} 版；当前 Genbo 只能读取第 1 和第 2 版。请更新 Genbo 后再导入。</translation>
    </message>
    <message>
        <source>session.summary is not an object</source>
        <translation>session.summary 不是对象</translation>
    </message>
    <message>
        <source>The file is not UTF-8 JSON: {error}</source>
        <translation>文件不是 UTF-8 编码的 JSON：{error}</translation>
    </message>
    <message>
        <source>The file is not valid JSON: {error}</source>
        <translation>文件不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <source>&quot;samples&quot; is not a list</source>
        <translation>&quot;samples&quot; 不是列表</translation>
    </message>
    <message>
        <source>samples[{n}] is not a sample (it needs ts_ms, source and values): {sample}</source>
        <translation>samples[{n}] 不是样本（需要 ts_ms、source 和 values）：{sample}</translation>
    </message>
    <message>
        <source>The samples carry metrics this Genbo does not know ({metrics}); update Genbo to import this file. Nothing was imported.</source>
        <translation>样本中有当前 Genbo 不认识的指标（{metrics}）；请更新 Genbo 后再导入这个文件。未导入任何内容。</translation>
    </message>
    <message>
        <source>The samples after sample {n} are not UTF-8 text: {error}</source>
        <translation>第 {n} 个样本之后的样本不是 UTF-8 文本：{error}</translation>
    </message>
    <message>
        <source>The samples after sample {n} are not valid JSON: {error}</source>
        <translation>第 {n} 个样本之后的样本不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <source>The samples after sample {n} are not a list of samples</source>
        <translation>第 {n} 个样本之后的内容不是样本列表</translation>
    </message>
    <message>
        <source>the times of {what} are not all whole milliseconds</source>
        <translation>{what} 的时间并非都是整毫秒</translation>
    </message>
    <message>
        <source>a {key} value is not a number: {value}</source>
        <translation>{key} 的某个值不是数字：{value}</translation>
    </message>
    <message>
        <source>a {key} value is not a finite number</source>
        <translation>{key} 的某个值不是有限数</translation>
    </message>
    <message>
        <source>{key} counts must be whole numbers, not {value}</source>
        <translation>{key} 的计数必须是整数，而不是 {value}</translation>
    </message>
    <message>
        <source>{where} is not an object</source>
        <translation>{where} 不是对象</translation>
    </message>
    <message>
        <source>{where} is missing</source>
        <translation>缺少 {where}</translation>
    </message>
    <message>
        <source>{where} is missing or not an object</source>
        <translation>{where} 缺失或不是对象</translation>
    </message>
    <message>
        <source>{where} is not a list</source>
        <translation>{where} 不是列表</translation>
    </message>
    <message>
        <source>{where} is not a list of strings</source>
        <translation>{where} 不是字符串列表</translation>
    </message>
    <message>
        <source>{where} is not a whole number: {value}</source>
        <translation>{where} 不是整数：{value}</translation>
    </message>
    <message>
        <source>{where} is not a number: {value}</source>
        <translation>{where} 不是数字：{value}</translation>
    </message>
    <message>
        <source>{where} is not text: {value}</source>
        <translation>{where} 不是文本：{value}</translation>
    </message>
    <message>
        <source>{where} is {value}; expected one of {allowed}</source>
        <translation>{where} 为 {value}；应为以下之一：{allowed}</translation>
    </message>
    <message>
        <source>A CSV file does not say whose session it is; give the streamer&apos;s name.</source>
        <translation>CSV 文件没有写明是哪位主播的场次；请填写主播名字。</translation>
    </message>
    <message>
        <source>Cells that cannot be read: {n} ({shown}; and {more} more). Nothing was imported. Fix them, or leave out their rows ({rows}).</source>
        <translation>有 {n} 个单元格无法读取（{shown}；另有 {more} 个）。未导入任何内容。请修正它们，或略去所在的行（{rows} 行）。</translation>
    </message>
    <message>
        <source>Cells that cannot be read: {n} ({shown}). Nothing was imported. Fix them, or leave out their rows ({rows}).</source>
        <translation>有 {n} 个单元格无法读取（{shown}）。未导入任何内容。请修正它们，或略去所在的行（{rows} 行）。</translation>
    </message>
    <message>
        <source>No row of the file has a time and a value; nothing to import.</source>
        <translation>文件中没有一行同时有时间和数值；没有可导入的内容。</translation>
    </message>
    <message>
        <source>{path} could not be read: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>No GMV column (成交金额, GMV, 销售额…) among: {columns}.</source>
        <translation>以下各列中没有成交金额列（成交金额、GMV、销售额…）：{columns}。</translation>
    </message>
    <message>
        <source>No streamer or account column (主播, 达人, 账号…) among: {columns}.</source>
        <translation>以下各列中没有主播或账号列（主播、达人、账号…）：{columns}。</translation>
    </message>
    <message>
        <source>No month column (月份, month) among: {columns}; give the month (YYYY-MM).</source>
        <translation>以下各列中没有月份列（月份、month）：{columns}；请指定月份（YYYY-MM）。</translation>
    </message>
    <message>
        <source>{path} cannot be read as an emergency file: {error}</source>
        <translation>{path} 无法作为应急文件读取：{error}</translation>
    </message>
    <message>
        <source>Session {id} of {path} is not in this database, and the file does not say whose it was. Import it into the data folder it was recorded in (--data-dir).</source>
        <translation>{path} 中的场次 {id} 不在此数据库中，文件也未注明属于哪位主播。请导入到录制它的数据文件夹（--data-dir）。</translation>
    </message>
    <message>
        <source>The database could not take the samples of {path} ({error}). The file was left as it is; try again once the database can be written.</source>
        <translation>数据库无法存入 {path} 中的样本（{error}）。文件保持原样；请在数据库可写后重试。</translation>
    </message>
</context>
<context>
    <name>instance</name>
    <message>
        <source>genbo: Genbo is already open with the data folder {folder}; its window was brought to the front.</source>
        <translation>genbo：Genbo 已在用数据文件夹 {folder} 运行，已把它的窗口调到最前。</translation>
    </message>
    <message>
        <source>Genbo</source>
        <translation>Genbo 跟播</translation>
    </message>
    <message>
        <source>Genbo is already open with the data folder {folder}, and its window did not answer. If no Genbo is running, remove {lock} and start again.</source>
        <translation>Genbo 已在用数据文件夹 {folder} 运行，但其窗口没有响应。如果并没有 Genbo 在运行，请删除 {lock} 后重新启动。</translation>
    </message>
    <message>
        <source>Genbo is already open with the data folder {folder} (process {pid} on {host}), and its window did not answer. Close that Genbo, or start this one with --data-dir pointing to another folder.</source>
        <translation>Genbo 已在用数据文件夹 {folder} 运行（{host} 上的进程 {pid}），但其窗口没有响应。请关闭那个 Genbo，或用 --data-dir 指向另一个文件夹启动本程序。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The database was damaged and nothing could be read from it. Genbo moved it aside and goes on with a fresh database.</source>
        <translation>数据库已损坏，无法从中读取任何内容。跟播已把它移到一旁，并改用新的数据库继续。</translation>
    </message>
    <message>
        <source>The database was damaged. Genbo moved it aside, recovered what it could and goes on with a fresh database.</source>
        <translation>数据库已损坏。跟播已把它移到一旁，恢复了能读取的内容，并改用新的数据库继续。</translation>
    </message>
    <message>
        <source>The newest seconds of the last recording are missing from the database.</source>
        <translation>上次录制最后几秒的数据不在数据库中。</translation>
    </message>
    <message>
        <source>The database is read-only: Genbo opened it for browsing only.</source>
        <translation>数据库是只读的：跟播只以浏览方式打开它。</translation>
    </message>
    <message>
        <source>The database at {path} was written by a newer version of Genbo (schema {rev}; this version knows up to {head}). Nothing was changed. Update Genbo, or start it with --data-dir pointing to another folder.</source>
        <translation>{path} 的数据库由更新版本的 Genbo 写入（结构版本 {rev}；本版本最高支持 {head}）。未做任何改动。请升级 Genbo，或用 --data-dir 指向另一个文件夹启动。</translation>
    </message>
    <message>
        <source>Genbo</source>
        <translation>Genbo 跟播</translation>
    </message>
</context>
<context>
    <name>metrics</name>
    <message>
        <source>Viewers online</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>Average dwell</source>
        <translation>人均停留时长</translation>
    </message>
    <message>
        <source>Cumulative viewers</source>
        <translation>累计观看人数</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>观看次数</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>成交订单数</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>成交人数</translation>
    </message>
    <message>
        <source>Product clicks</source>
        <translation>商品点击</translation>
    </message>
    <message>
        <source>New followers</source>
        <translation>新增粉丝</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Paid-traffic spend</source>
        <translation>投流消耗</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Impressions</source>
        <translation>直播间曝光人数</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>进入直播间人数</translation>
    </message>
    <message>
        <source>Exits</source>
        <translation>离开直播间人数</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>推荐feed</translation>
    </message>
    <message>
        <source>Short video</source>
        <translation>短视频</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>商城</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付费流量</translation>
    </message>
    <message>
        <source>Followers</source>
        <translation>关注</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>moment_card</name>
    <message>
        <source>Not enough readings around this moment to draw its run-up</source>
        <translation>这个时刻前后的数据不足，画不出走势</translation>
    </message>
</context>
<context>
    <name>moment_video</name>
    <message>
        <source>GMV passed {value}</source>
        <translation>大屏破{value}</translation>
    </message>
    <message>
        <source>Viewers passed {value}</source>
        <translation>在线破{value}</translation>
    </message>
    <message>
        <source>Congratulations, {name}!</source>
        <translation>恭喜 {name}！</translation>
    </message>
    <message>
        <source>{metric} · aiming for {value}</source>
        <translation>{metric} · 冲刺 {value}</translation>
    </message>
    <message>
        <source>Not enough readings around this moment to draw its run-up</source>
        <translation>这一时刻前后的读数太少，画不出冲刺曲线</translation>
    </message>
    <message>
        <source>On the big screen</source>
        <translation>大屏实况</translation>
    </message>
</context>
<context>
    <name>notify</name>
    <message>
        <source>no answer within {seconds} s</source>
        <translation>{seconds} 秒内没有应答</translation>
    </message>
    <message>
        <source>the request failed ({error})</source>
        <translation>请求失败（{error}）</translation>
    </message>
    <message>
        <source>the file {name} cannot be read: {error}</source>
        <translation>文件 {name} 读不出来：{error}</translation>
    </message>
    <message>
        <source>the file {name} is too big for the robot (20 MB at most)</source>
        <translation>文件 {name} 超出机器人的上限（最多 20 MB）</translation>
    </message>
    <message>
        <source>cannot find {host}: no network, or a mistake in the robot&apos;s address</source>
        <translation>找不到 {host}：没有网络，或机器人地址有误</translation>
    </message>
    <message>
        <source>{host} refused the connection</source>
        <translation>{host} 拒绝了连接</translation>
    </message>
    <message>
        <source>cannot connect to {host}</source>
        <translation>无法连接 {host}</translation>
    </message>
    <message>
        <source>the signing secret of “{name}” is not in the keyring: enter it in the settings</source>
        <translation>密钥环里没有“{name}”的签名密钥：请在设置中填写</translation>
    </message>
    <message>
        <source>not sent for {hours} h; given up</source>
        <translation>{hours} 小时仍未发出，已放弃</translation>
    </message>
    <message>
        <source>Started at {time}</source>
        <translation>{time} 开播</translation>
    </message>
    <message>
        <source>{streamer} is live</source>
        <translation>{streamer} 开播了</translation>
    </message>
    <message>
        <source>Duration {value}</source>
        <translation>时长 {value}</translation>
    </message>
    <message>
        <source>Peak viewers {value}</source>
        <translation>在线峰值 {value}</translation>
    </message>
    <message>
        <source>GMV {value}</source>
        <translation>成交金额 {value}</translation>
    </message>
    <message>
        <source>GMV in the first 15 min {value}</source>
        <translation>前 15 分钟成交金额 {value}</translation>
    </message>
    <message>
        <source>GMV in the first 30 min {value}</source>
        <translation>前 30 分钟成交金额 {value}</translation>
    </message>
    <message>
        <source>Orders {value}</source>
        <translation>订单数 {value}</translation>
    </message>
    <message>
        <source>GPM {value}</source>
        <translation>GPM {value}</translation>
    </message>
    <message>
        <source>Session ended: {streamer}</source>
        <translation>场次结束：{streamer}</translation>
    </message>
    <message>
        <source>Moment video: {what}</source>
        <translation>时刻视频：{what}</translation>
    </message>
    <message>
        <source>Streamer: {streamer}</source>
        <translation>主播：{streamer}</translation>
    </message>
    <message>
        <source>Alert: {streamer}</source>
        <translation>提醒：{streamer}</translation>
    </message>
    <message>
        <source>{streamer} passed {threshold} GMV this month</source>
        <translation>{streamer} 本月成交金额突破 {threshold}</translation>
    </message>
    <message>
        <source>GMV in {month}: {gmv}</source>
        <translation>{month} 成交金额：{gmv}</translation>
    </message>
    <message>
        <source>Genbo test message</source>
        <translation>Genbo 测试消息</translation>
    </message>
    <message>
        <source>If you can read this, “{name}” is set up.</source>
        <translation>看到这条消息，说明“{name}”已配置好。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>the robot took the file but gave no media_id</source>
        <translation>机器人收下了文件，却没有给出 media_id</translation>
    </message>
    <message>
        <source>the robot is rate-limited (HTTP 429)</source>
        <translation>机器人被限流（HTTP 429）</translation>
    </message>
    <message>
        <source>the robot&apos;s server failed (HTTP {status})</source>
        <translation>机器人服务器出错（HTTP {status}）</translation>
    </message>
    <message>
        <source>the robot refused the message (HTTP {status})</source>
        <translation>机器人拒收了消息（HTTP {status}）</translation>
    </message>
    <message>
        <source>the answer has no result code: is this the robot&apos;s own address?</source>
        <translation>应答里没有结果码：这是机器人本身的 webhook 地址吗？</translation>
    </message>
    <message>
        <source>the robot is rate-limited (code {code})</source>
        <translation>机器人被限流（错误码 {code}）</translation>
    </message>
    <message>
        <source>the robot refused the signature ({message}): check the signing secret and this computer&apos;s clock</source>
        <translation>机器人拒绝了签名（{message}）：请检查签名密钥和本机时间</translation>
    </message>
    <message>
        <source>the message lacks the bot&apos;s keyword: add “Genbo” as a keyword in the bot&apos;s security settings</source>
        <translation>消息里没有机器人的关键词：请在机器人的安全设置里把“Genbo”加为自定义关键词</translation>
    </message>
    <message>
        <source>the bot only takes messages from its allowed IP addresses</source>
        <translation>机器人只接收 IP 白名单内的消息</translation>
    </message>
    <message>
        <source>the robot refused the message (code {code}: {message})</source>
        <translation>机器人拒收了消息（错误码 {code}：{message}）</translation>
    </message>
    <message>
        <source>Feishu / Lark bot</source>
        <translation>飞书机器人</translation>
    </message>
    <message>
        <source>WeCom group robot</source>
        <translation>企业微信群机器人</translation>
    </message>
    <message>
        <source>DingTalk robot</source>
        <translation>钉钉机器人</translation>
    </message>
    <message>
        <source>JSON webhook</source>
        <translation>JSON webhook</translation>
    </message>
    <message>
        <source>Going live</source>
        <translation>开播</translation>
    </message>
    <message>
        <source>End-of-session summary</source>
        <translation>场次结束汇总</translation>
    </message>
    <message>
        <source>Milestones</source>
        <translation>里程碑</translation>
    </message>
    <message>
        <source>Rule alerts</source>
        <translation>规则提醒</translation>
    </message>
    <message>
        <source>Monthly GMV thresholds</source>
        <translation>月度成交金额档位</translation>
    </message>
    <message>
        <source>unknown kind of target “{kind}”; choose from {kinds}</source>
        <translation>未知的推送类型“{kind}”；可选：{kinds}</translation>
    </message>
    <message>
        <source>a target needs an id of letters and digits</source>
        <translation>推送目标需要由字母和数字组成的 ID</translation>
    </message>
    <message>
        <source>give the target a name</source>
        <translation>请给推送目标起个名字</translation>
    </message>
    <message>
        <source>unknown events {events}; known: {known}</source>
        <translation>未知的事件 {events}；可选：{known}</translation>
    </message>
    <message>
        <source>the target has no {field}</source>
        <translation>推送目标缺少 {field}</translation>
    </message>
    <message>
        <source>“{url}” is not a web address (https://…)</source>
        <translation>“{url}”不是网址（https://…）</translation>
    </message>
    <message>
        <source>the robot&apos;s address must start with https://</source>
        <translation>机器人地址必须以 https:// 开头</translation>
    </message>
    <message>
        <source>a WeCom robot&apos;s address ends in “send?key=…”: copy the whole webhook address</source>
        <translation>企业微信机器人地址以“send?key=…”结尾：请复制完整的 webhook 地址</translation>
    </message>
    <message>
        <source>a DingTalk robot&apos;s address ends in “send?access_token=…”: copy the whole webhook address</source>
        <translation>钉钉机器人地址以“send?access_token=…”结尾：请复制完整的 webhook 地址</translation>
    </message>
    <message>
        <source>a Feishu bot&apos;s address looks like “…/open-apis/bot/v2/hook/…”: copy the whole webhook address</source>
        <translation>飞书机器人地址形如“…/open-apis/bot/v2/hook/…”：请复制完整的 webhook 地址</translation>
    </message>
</context>
<context>
    <name>numbers</name>
    <message>
        <source>Type a metric and a value, e.g. {examples}</source>
        <translation>请输入指标和数值，例如 {examples}</translation>
    </message>
    <message>
        <source>@ goes at the end of the line with a clock time, e.g. gmv 98万 @21:03</source>
        <translation>@ 和时刻要写在行末，例如 gmv 98万 @21:03</translation>
    </message>
    <message>
        <source>“{text}” names no metric. Start with a metric such as v, gmv, dwell, 人数, 成交; e.g. {examples}</source>
        <translation>“{text}”没有写指标。请以指标开头，如 v、gmv、dwell、人数、成交；例如 {examples}</translation>
    </message>
    <message>
        <source>“{text}” comes before any metric name; write the metric first, e.g. v {text}</source>
        <translation>“{text}”写在了指标名之前；请先写指标，例如 v {text}</translation>
    </message>
    <message>
        <source>“{text}” is not a metric by channel; write one of {metrics} with a channel, e.g. entries.paid or gmv.natural</source>
        <translation>“{text}”不是按渠道拆分的指标；请在 {metrics} 之一后加渠道，例如 entries.paid（付费流量进入）或 gmv.natural（推荐feed成交）</translation>
    </message>
    <message>
        <source>{alias} appears twice; give each metric once per line</source>
        <translation>{alias} 出现了两次；每行每个指标只写一次</translation>
    </message>
    <message>
        <source>{alias} needs a value, e.g. {alias} {example}</source>
        <translation>{alias} 需要一个数值，例如 {alias} {example}</translation>
    </message>
    <message>
        <source>{alias}: {error}</source>
        <translation>{alias}：{error}</translation>
    </message>
    <message>
        <source>{alias}: “{text}” is a count and must be a whole number</source>
        <translation>{alias}：“{text}”是计数，必须是整数</translation>
    </message>
    <message>
        <source>@{text}: write the clock time as @21:03 or @21:03:30</source>
        <translation>@{text}：时刻请写成 @21:03 或 @21:03:30</translation>
    </message>
    <message>
        <source>@{text} is not a time of day</source>
        <translation>@{text} 不是一天中的时刻</translation>
    </message>
    <message>
        <source>@{time} is later than now; this session runs {span} (now). Type a time within it, or leave out @ for now.</source>
        <translation>@{time} 晚于现在；这场直播从 {span}（截至现在）。请输入这段时间内的时刻，或不写 @ 表示现在。</translation>
    </message>
    <message>
        <source>@{time} is before this session started; it runs {span} (now). Type a time within it.</source>
        <translation>@{time} 早于这场直播开始；直播时间是 {span}（现在）。请输入这段时间内的时刻。</translation>
    </message>
    <message>
        <source>unknown metric “{name}”; known: {known}</source>
        <translation>未知指标“{name}”；已知指标：{known}</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>不能为负</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <source>{key} given twice</source>
        <translation>{key} 重复填写了</translation>
    </message>
    <message>
        <source>expected a time, got a boolean</source>
        <translation>应为时间，实际是布尔值</translation>
    </message>
    <message>
        <source>“{text}” is not a time; use ISO 8601 like 2026-11-25T21:03:00+08:00</source>
        <translation>“{text}”不是时间；请使用 ISO 8601 格式，如 2026-11-25T21:03:00+08:00</translation>
    </message>
    <message>
        <source>expected a time, got {kind}</source>
        <translation>应为时间，实际是 {kind}</translation>
    </message>
    <message>
        <source>“{text}” is empty; enter a number such as {examples}</source>
        <translation>“{text}”是空的；请输入数字，例如 {examples}</translation>
    </message>
    <message>
        <source>“{text}”: a comma groups thousands (1,234,567); use &apos;.&apos; for decimals</source>
        <translation>“{text}”：逗号用于千位分隔（1,234,567）；小数请用“.”</translation>
    </message>
    <message>
        <source>“{text}” is not a number Genbo understands; try {examples}</source>
        <translation>“{text}”不是 Genbo 能识别的数字；可以试试 {examples}</translation>
    </message>
    <message>
        <source>“{text}” is not a number</source>
        <translation>“{text}”不是数字</translation>
    </message>
    <message>
        <source>“{text}”: a bare number after a unit is ambiguous; write 1.2万 not 1万2</source>
        <translation>“{text}”：单位后面跟不带单位的数字有歧义；请写 1.2万，而不是 1万2</translation>
    </message>
    <message>
        <source>“{text}”: units must go from large to small, as in 1亿2000万</source>
        <translation>“{text}”：单位要从大到小，例如 1亿2000万</translation>
    </message>
    <message>
        <source>“{text}”: this value cannot be negative</source>
        <translation>“{text}”：这个值不能为负</translation>
    </message>
    <message>
        <source>“{text}” has parts of a fen; give at most two decimals of a yuan</source>
        <translation>“{text}”精确到了分以下；金额最多保留两位小数</translation>
    </message>
    <message>
        <source>empty duration; enter seconds (95) or m:ss (1:35)</source>
        <translation>时长为空；请输入秒数（95）或 分:秒（1:35）</translation>
    </message>
    <message>
        <source>“{text}”: minutes must be below 60 in h:mm:ss</source>
        <translation>“{text}”：在 时:分:秒 中分钟必须小于 60</translation>
    </message>
    <message>
        <source>“{text}”: seconds must be below 60 in m:ss</source>
        <translation>“{text}”：在 分:秒 中秒数必须小于 60</translation>
    </message>
    <message>
        <source>“{text}” is not a duration; try 95, 1:35, 1:02:03, 1m35s or 1分35秒</source>
        <translation>“{text}”不是时长；可以试试 95、1:35、1:02:03、1m35s 或 1分35秒</translation>
    </message>
    <message>
        <source>a segment needs a name, e.g. 讲解 商品A</source>
        <translation>环节需要一个名字，例如 讲解 商品A</translation>
    </message>
</context>
<context>
    <name>platforms</name>
    <message>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <source>Twitch</source>
        <translation>Twitch</translation>
    </message>
    <message>
        <source>YouTube</source>
        <translation>YouTube</translation>
    </message>
    <message>
        <source>Taobao Live</source>
        <translation>淘宝直播</translation>
    </message>
    <message>
        <source>WeChat Channels</source>
        <translation>视频号</translation>
    </message>
</context>
<context>
    <name>report</name>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>milestone</source>
        <translation>里程碑</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>高光</translation>
    </message>
    <message>
        <source>Milestones</source>
        <translation>里程碑</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Session review</source>
        <translation>场次复盘</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>钟点</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>里程碑</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Peak viewers</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>GMV/min</source>
        <translation>每分钟成交金额</translation>
    </message>
    <message>
        <source>Streamer</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Start vs plan</source>
        <translation>开播与计划对比</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Compared with</source>
        <translation>对比对象</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>vs median</source>
        <translation>对比中位数</translation>
    </message>
    <message>
        <source>of</source>
        <translation>共</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>GMV in the minute</source>
        <translation>该分钟成交金额</translation>
    </message>
    <message>
        <source>no planned start</source>
        <translation>无计划开播时间</translation>
    </message>
    <message>
        <source>worst against the median</source>
        <translation>相对中位数最差</translation>
    </message>
    <message>
        <source>the median of the streamer&apos;s previous {n} sessions; ranks among {m}</source>
        <translation>该主播前 {n} 场的中位数；排名基于 {m} 场</translation>
    </message>
    <message>
        <source>{metric} (s)</source>
        <translation>{metric}（秒）</translation>
    </message>
    <message>
        <source>Sold since the last known total: includes the minutes before it</source>
        <translation>自上一个已知累计值以来的成交：含之前几分钟</translation>
    </message>
    <message>
        <source>复盘 report</source>
        <translation>复盘报告</translation>
    </message>
    <message>
        <source>The streamer&apos;s first session: no earlier ones to compare with yet</source>
        <translation>该主播的首场：暂无历史场次可对比</translation>
    </message>
    <message>
        <source>worst</source>
        <translation>最差</translation>
    </message>
    <message>
        <source>no median</source>
        <translation>无中位数</translation>
    </message>
    <message>
        <source>No samples: this session has only its summary figures, so there are no plots</source>
        <translation>无分钟数据：本场只有汇总指标，因此没有图表</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>Segments ranked by GMV</source>
        <translation>环节成交金额排名</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>/min</source>
        <translation>/分钟</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>Genbo {version} · session {id} · made {when}</source>
        <translation>Genbo {version} · 场次 {id} · 生成于 {when}</translation>
    </message>
    <message>
        <source>No segments were marked in this session.</source>
        <translation>本场没有标记环节。</translation>
    </message>
    <message>
        <source>No highlights were marked in this session.</source>
        <translation>本场没有标记高光。</translation>
    </message>
    <message>
        <source>Against the median of the streamer&apos;s previous {n} sessions; ranks among {m}</source>
        <translation>对比该主播前 {n} 场的中位数；排名基于 {m} 场</translation>
    </message>
    <message>
        <source>{ordinal} of {of}</source>
        <translation>第 {rank}/{of} 名</translation>
    </message>
    <message>
        <source>median {v}</source>
        <translation>中位数 {v}</translation>
    </message>
    <message>
        <source>duration {d}</source>
        <translation>时长 {d}</translation>
    </message>
    <message>
        <source>… and {n} more (all in the workbook)</source>
        <translation>… 还有 {n} 条（完整内容见工作簿）</translation>
    </message>
</context>
<context>
    <name>roster</name>
    <message>
        <source>“{text}” is not a month; write it as YYYY-MM, e.g. 2026-03</source>
        <translation>“{text}”不是月份；请写成 YYYY-MM，例如 2026-03</translation>
    </message>
    <message>
        <source>“{text}”: the month must be 01 to 12</source>
        <translation>“{text}”：月份必须在 01 到 12 之间</translation>
    </message>
    <message>
        <source>“{text}” is not a time of day; write it as HH:MM, e.g. 06:30</source>
        <translation>“{text}”不是一天中的时刻；请写成 HH:MM，例如 06:30</translation>
    </message>
    <message>
        <source>“{text}” is not a weekday; use mon, tue, … sun</source>
        <translation>“{text}”不是星期几；请用 mon、tue、… sun</translation>
    </message>
    <message>
        <source>“{text}” names no weekday; use mon, tue, … sun or mon-fri</source>
        <translation>“{text}”没有写星期几；请用 mon、tue、… sun 或 mon-fri</translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <source>Session {ids} is named more than once; compare different sessions.</source>
        <translation>场次 {ids} 被指定了不止一次；请对比不同的场次。</translation>
    </message>
    <message>
        <source>Compare {min} to {max} sessions at a time; {n} were given.</source>
        <translation>一次可对比 {min} 到 {max} 场；现在给了 {n} 场。</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Alerts and milestones</source>
        <translation>提醒与里程碑</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>高光</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>直播视图</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>主播看板</translation>
    </message>
    <message>
        <source>Language and look</source>
        <translation>语言与外观</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Takes effect when Genbo starts again.</source>
        <translation>重启 Genbo 后生效。</translation>
    </message>
    <message>
        <source>Must be on or off.</source>
        <translation>只能是开或关。</translation>
    </message>
    <message>
        <source>Not a list of team-chat targets.</source>
        <translation>不是团队群机器人的列表。</translation>
    </message>
    <message>
        <source>Choose one of: {choices}.</source>
        <translation>请从中选一个：{choices}。</translation>
    </message>
    <message>
        <source>Choose from: {choices}.</source>
        <translation>请从中选择：{choices}。</translation>
    </message>
    <message>
        <source>Each choice can be ticked once.</source>
        <translation>每个选项只能勾选一次。</translation>
    </message>
    <message>
        <source>Must be a number.</source>
        <translation>必须是数字。</translation>
    </message>
    <message>
        <source>Must be a whole number.</source>
        <translation>必须是整数。</translation>
    </message>
    <message>
        <source>Must be between {low} and {high}.</source>
        <translation>必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Must be text.</source>
        <translation>必须是文字。</translation>
    </message>
    <message>
        <source>No spaces before or after it, please.</source>
        <translation>前后请不要有空格。</translation>
    </message>
    <message>
        <source>One line of text, without tabs or control characters.</source>
        <translation>一行文字，不含制表符或控制字符。</translation>
    </message>
    <message>
        <source>At most {n} characters.</source>
        <translation>最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Give at least one step above zero, e.g. {example}.</source>
        <translation>请至少给出一个大于零的档位，例如 {example}。</translation>
    </message>
    <message>
        <source>At most {n} steps.</source>
        <translation>最多 {n} 档。</translation>
    </message>
    <message>
        <source>Every step must be an amount above zero.</source>
        <translation>每一档都必须是大于零的金额。</translation>
    </message>
    <message>
        <source>Steps count whole viewers.</source>
        <translation>档位按整人数计。</translation>
    </message>
    <message>
        <source>Give at most two decimals of a yuan.</source>
        <translation>金额最多保留两位小数。</translation>
    </message>
    <message>
        <source>“{text}” is not a number of seconds; try 2.5, 90 or 1:30.</source>
        <translation>“{text}”不是秒数；可以写 2.5、90 或 1:30。</translation>
    </message>
    <message>
        <source>“{text}” is not a number.</source>
        <translation>“{text}”不是数字。</translation>
    </message>
    <message>
        <source>“{text}”: a comma separates the steps; write the amount without it ({plain}).</source>
        <translation>“{text}”：逗号用来分隔档位，金额里请不要带逗号（{plain}）。</translation>
    </message>
    <message>
        <source>“{text}”: give at most two decimals of a yuan.</source>
        <translation>“{text}”：金额最多保留两位小数。</translation>
    </message>
    <message>
        <source>“{text}” is not an amount; write steps like {example}.</source>
        <translation>“{text}”不是金额；请像 {example} 这样写档位。</translation>
    </message>
    <message>
        <source>“{text}”: steps count whole viewers.</source>
        <translation>“{text}”：档位按整人数计。</translation>
    </message>
    <message>
        <source>This is not a database URL; write it as {example}.</source>
        <translation>这不是数据库 URL；请写成 {example}。</translation>
    </message>
    <message>
        <source>Leave the password out of the URL: Genbo keeps it in the system keyring instead, never in the settings file. Write it as {example}.</source>
        <translation>URL 中不要写密码：Genbo 把密码保存在系统密钥环中，从不写入设置文件。请写成 {example}。</translation>
    </message>
    <message>
        <source>A team server is PostgreSQL through psycopg: the URL begins with {scheme}:// (not {given}://), e.g. {example}.</source>
        <translation>团队服务器是通过 psycopg 连接的 PostgreSQL：URL 以 {scheme}:// 开头（而不是 {given}://），例如 {example}。</translation>
    </message>
    <message>
        <source>GMV milestones</source>
        <translation>成交金额里程碑</translation>
    </message>
    <message>
        <source>The GMV steps, in yuan, that each fire a milestone once per session, separated by commas: 10万, 50万, 100万.</source>
        <translation>成交金额档位（元），每场每档触发一次里程碑，用逗号分隔：10万, 50万, 100万。</translation>
    </message>
    <message>
        <source>Viewer milestones</source>
        <translation>在线人数里程碑</translation>
    </message>
    <message>
        <source>The online-viewer steps that each fire a milestone once per session, separated by commas: 1000, 5000, 1万.</source>
        <translation>在线人数档位，每场每档触发一次里程碑，用逗号分隔：1000, 5000, 1万。</translation>
    </message>
    <message>
        <source>Personal bests</source>
        <translation>个人纪录</translation>
    </message>
    <message>
        <source>A milestone when the streamer beats their best earlier session (peak viewers, GMV, GMV in the first 15 and 30 minutes, GPM, dwell).</source>
        <translation>主播超过历史最佳场次时触发里程碑（最高在线、成交金额、前15和前30分钟成交、GPM、停留时长）。</translation>
    </message>
    <message>
        <source>Viewer surge</source>
        <translation>在线激增</translation>
    </message>
    <message>
        <source>A milestone when the viewers rise by this much within the surge window.</source>
        <translation>在线人数在激增窗口内上涨这么多时触发里程碑。</translation>
    </message>
    <message>
        <source>Surge window</source>
        <translation>激增窗口</translation>
    </message>
    <message>
        <source>How quickly the viewers must rise, in seconds (2:00).</source>
        <translation>在线人数须在多长时间内上涨，单位秒（2:00）。</translation>
    </message>
    <message>
        <source>Dwell drop</source>
        <translation>停留下降</translation>
    </message>
    <message>
        <source>A milestone when the average dwell falls by this much within its window.</source>
        <translation>人均停留时长在窗口内下降这么多时触发里程碑。</translation>
    </message>
    <message>
        <source>Dwell drop window</source>
        <translation>停留下降窗口</translation>
    </message>
    <message>
        <source>How quickly the dwell must fall, in seconds (5:00).</source>
        <translation>停留时长须在多长时间内下降，单位秒（5:00）。</translation>
    </message>
    <message>
        <source>Banner in the window</source>
        <translation>窗口内横幅</translation>
    </message>
    <message>
        <source>A milestone shows a banner above the live plots.</source>
        <translation>里程碑在实时图表上方显示横幅。</translation>
    </message>
    <message>
        <source>System notification</source>
        <translation>系统通知</translation>
    </message>
    <message>
        <source>A milestone shows a desktop notification, also while Genbo is hidden.</source>
        <translation>里程碑显示桌面通知，Genbo 隐藏时也会显示。</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>A milestone plays the system&apos;s alert sound.</source>
        <translation>里程碑播放系统提示音。</translation>
    </message>
    <message>
        <source>Moment cards</source>
        <translation>时刻卡片</translation>
    </message>
    <message>
        <source>Save a picture (PNG) for every major milestone, ready to post, in the data folder&apos;s cards folder.</source>
        <translation>为每个重要里程碑保存一张可直接发布的图片（PNG），放在数据文件夹的 cards 文件夹中。</translation>
    </message>
    <message>
        <source>Moment videos</source>
        <translation>时刻视频</translation>
    </message>
    <message>
        <source>Make a short vertical video (MP4, 1080×1920) for every major milestone, ready to post to Kuaishou or Douyin, beside the moment cards. Made in the background.</source>
        <translation>每个重大里程碑都制作一段竖屏短视频（MP4，1080×1920），可直接发到快手或抖音，与时刻卡片放在一起。在后台制作。</translation>
    </message>
    <message>
        <source>Moment video length</source>
        <translation>时刻视频时长</translation>
    </message>
    <message>
        <source>How long a moment video is, in seconds (10 to 20).</source>
        <translation>时刻视频的时长，单位秒（10 到 20）。</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>提醒规则</translation>
    </message>
    <message>
        <source>Warnings in the feed, the banner and the team chat: no order for some minutes, a metric down against the minutes before, spend rising while GMV is flat, live ROI, viewers, dwell below the streamer&apos;s median. Each fires after a few readings in a row confirm it, then rests for its cool-down.</source>
        <translation>在事件列表、横幅和团队群中发出的提醒：若干分钟无成交、指标环比下降、消耗上涨而成交金额持平、实时 ROI、在线人数、停留时长低于主播中位数。每条规则需连续几次读数确认后才触发，触发后进入冷却期。</translation>
    </message>
    <message>
        <source>Team chat</source>
        <translation>团队群</translation>
    </message>
    <message>
        <source>Feishu / Lark, WeCom and DingTalk group robots, or a JSON webhook, told of going live, the end-of-session summary, major milestones, alerts and monthly GMV thresholds. Their signing secrets are kept in the system keyring.</source>
        <translation>飞书、企业微信、钉钉群机器人或 JSON webhook，接收开播、场次结束小结、重大里程碑、提醒和月度成交金额门槛的消息。它们的签名密钥保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Milestones become highlights</source>
        <translation>里程碑自动记为高光</translation>
    </message>
    <message>
        <source>Every milestone is also kept as a highlight for the video editors.</source>
        <translation>每个里程碑同时记为高光，供剪辑使用。</translation>
    </message>
    <message>
        <source>Reaction lag</source>
        <translation>反应延迟</translation>
    </message>
    <message>
        <source>Taken off a key press (H): the moment happened a little before you pressed, in seconds.</source>
        <translation>从按键（H）时间中减去：事情发生在你按键之前一点，单位秒。</translation>
    </message>
    <message>
        <source>Pre-roll</source>
        <translation>片头预留</translation>
    </message>
    <message>
        <source>A clip starts this long before its moment, in seconds (0:30).</source>
        <translation>片段从时刻之前这么久开始，单位秒（0:30）。</translation>
    </message>
    <message>
        <source>Ghost line</source>
        <translation>对标线</translation>
    </message>
    <message>
        <source>What a new live session is held against on the plots; the ghost tile&apos;s menu changes it for one session.</source>
        <translation>新直播在图表上的对标对象；对标卡片的菜单可只为某一场修改。</translation>
    </message>
    <message>
        <source>Median of earlier sessions</source>
        <translation>历史场次中位数</translation>
    </message>
    <message>
        <source>Best earlier session</source>
        <translation>历史最佳场次</translation>
    </message>
    <message>
        <source>Last session</source>
        <translation>上一场</translation>
    </message>
    <message>
        <source>No ghost line</source>
        <translation>不显示对标线</translation>
    </message>
    <message>
        <source>Default sources</source>
        <translation>默认数据源</translation>
    </message>
    <message>
        <source>The sources ticked when a new session is set up. Typing numbers is always on.</source>
        <translation>新建场次时默认勾选的数据源。录入数字始终可用。</translation>
    </message>
    <message>
        <source>HTTP polling</source>
        <translation>HTTP 轮询</translation>
    </message>
    <message>
        <source>Push ingest</source>
        <translation>推送接入</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Screen (OCR)</source>
        <translation>屏幕（OCR）</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>模拟器</translation>
    </message>
    <message>
        <source>Demo speed</source>
        <translation>演示速度</translation>
    </message>
    <message>
        <source>How many times faster than real time the demo and the simulator run.</source>
        <translation>演示和模拟器比真实时间快多少倍。</translation>
    </message>
    <message>
        <source>Leap ladder</source>
        <translation>跃迁阶梯</translation>
    </message>
    <message>
        <source>The monthly GMV thresholds, in yuan, a streamer&apos;s leap (商家跃迁) is counted at, separated by commas: 50万, 200万, 500万.</source>
        <translation>计算主播跃迁（商家跃迁）的月度成交金额门槛（元），用逗号分隔：50万, 200万, 500万。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language of the window, the exports and the reports.</source>
        <translation>窗口、导出文件和报告使用的语言。</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>Large numbers</source>
        <translation>大数字写法</translation>
    </message>
    <message>
        <source>How GMV and counts are shortened: ¥1.2万 and 3.45亿, or ¥12.3K and ¥1.23M. “By language” uses 万/亿 in Chinese and K/M in English.</source>
        <translation>成交金额和各项数量的缩写方式：¥1.2万、3.45亿，或 ¥12.3K、¥1.23M。“跟随语言”在中文界面用万/亿，英文界面用 K/M。</translation>
    </message>
    <message>
        <source>By language</source>
        <translation>跟随语言</translation>
    </message>
    <message>
        <source>万 and 亿</source>
        <translation>万、亿</translation>
    </message>
    <message>
        <source>K and M</source>
        <translation>K、M（千、百万）</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Light or dark; the system&apos;s follows the desktop. The plots follow too.</source>
        <translation>浅色或深色；“跟随系统”随桌面设置变化，图表也随之变化。</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Mini window opacity</source>
        <translation>迷你窗不透明度</translation>
    </message>
    <message>
        <source>How opaque the mini window is: 1 is solid, 0.3 lets the broadcast through.</source>
        <translation>迷你窗的不透明度：1 为完全不透明，0.3 可透出直播画面。</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>The database, moment cards and exports&apos; defaults. Start Genbo with --data-dir FOLDER (or GENBO_DATA_DIR) to use another.</source>
        <translation>数据库、时刻卡片和导出的默认位置。用 --data-dir FOLDER（或 GENBO_DATA_DIR）启动 Genbo 可换一个。</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <source>Genbo&apos;s logs, for a bug report.</source>
        <translation>Genbo 的日志，用于报告问题。</translation>
    </message>
    <message>
        <source>Your name (operator)</source>
        <translation>你的名字（跟播人）</translation>
    </message>
    <message>
        <source>Stamped on every session you record, so a team&apos;s library and roster can show who rode along. Empty: on a team server its user name, on this computer&apos;s file nobody in particular. --operator NAME or GENBO_OPERATOR comes first.</source>
        <translation>记在你录下的每个场次上，团队的场次库和主播看板就能显示是谁跟播的。留空：在团队服务器上用其用户名，在本机文件上不署名。--operator NAME 或 GENBO_OPERATOR 优先。</translation>
    </message>
    <message>
        <source>Team server</source>
        <translation>团队服务器</translation>
    </message>
    <message>
        <source>The PostgreSQL database your team shares, as a URL without the password (Genbo keeps that in the system keyring). Empty: this computer&apos;s file in the data folder. --db URL or GENBO_DB_URL comes first.</source>
        <translation>团队共用的 PostgreSQL 数据库，写成不含密码的 URL（密码由 Genbo 保存在系统密钥环中）。留空：使用数据文件夹中本机的文件。--db URL 或 GENBO_DB_URL 优先。</translation>
    </message>
</context>
<context>
    <name>sources</name>
    <message>
        <source>Simulator</source>
        <translation>模拟器</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>手动录入</translation>
    </message>
    <message>
        <source>Simulator ×{speed}</source>
        <translation>模拟器 ×{speed}</translation>
    </message>
    <message>
        <source>File {name}</source>
        <translation>文件 {name}</translation>
    </message>
    <message>
        <source>Push ingest :{port}</source>
        <translation>推送接入 :{port}</translation>
    </message>
    <message>
        <source>“{text}”: cannot read the path at “{rest}”; write it like data[0].viewer_count</source>
        <translation>“{text}”：无法读取路径中的“{rest}”；请写成 data[0].viewer_count 这样</translation>
    </message>
    <message>
        <source>“{text}”: a &apos;.&apos; must follow a key or [index]</source>
        <translation>“{text}”：“.”必须跟在键名或 [索引] 之后</translation>
    </message>
    <message>
        <source>“{text}”: keys are joined with &apos;.&apos;</source>
        <translation>“{text}”：键名之间要用“.”连接</translation>
    </message>
    <message>
        <source>“{text}” is not a path; write it like data[0].viewer_count</source>
        <translation>“{text}”不是路径；请写成 data[0].viewer_count 这样</translation>
    </message>
    <message>
        <source>{path} is {kind}, not a list</source>
        <translation>{path} 是{kind}，不是列表</translation>
    </message>
    <message>
        <source>{path} has {n} items, no [{index}]</source>
        <translation>{path} 有 {n} 项，没有 [{index}]</translation>
    </message>
    <message>
        <source>{path} has {n} items, no [{index}] (empty: is the channel offline?)</source>
        <translation>{path} 有 {n} 项，没有 [{index}]（为空：是不是没在直播？）</translation>
    </message>
    <message>
        <source>{path} is {kind}, not an object</source>
        <translation>{path} 是{kind}，不是对象</translation>
    </message>
    <message>
        <source>{path} has no field “{field}”</source>
        <translation>{path} 没有字段“{field}”</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>expected a number, got {kind}</source>
        <translation>应为数字，却是{kind}</translation>
    </message>
    <message>
        <source>expected a finite number</source>
        <translation>应为有限数</translation>
    </message>
    <message>
        <source>format must be auto, csv or jsonl</source>
        <translation>格式必须是 auto、csv 或 jsonl</translation>
    </message>
    <message>
        <source>waiting for {path} to exist</source>
        <translation>正在等待 {path} 出现</translation>
    </message>
    <message>
        <source>cannot open: {error}</source>
        <translation>无法打开：{error}</translation>
    </message>
    <message>
        <source>skipped {n} malformed line(s); last: {problem}</source>
        <translation>已跳过 {n} 行格式有误的内容；最近一行：{problem}</translation>
    </message>
    <message>
        <source>line longer than 64 KiB</source>
        <translation>这一行超过 64 KiB</translation>
    </message>
    <message>
        <source>line {n}: {why}</source>
        <translation>第 {n} 行：{why}</translation>
    </message>
    <message>
        <source>the header row names no metric; start the file with e.g. ts,viewers,gmv</source>
        <translation>表头行没有任何指标；文件开头请写例如 ts,viewers,gmv</translation>
    </message>
    <message>
        <source>ignoring unknown columns {columns}</source>
        <translation>忽略未知列 {columns}</translation>
    </message>
    <message>
        <source>{n} fields, the header has {header}</source>
        <translation>有 {n} 个字段，表头有 {header} 个</translation>
    </message>
    <message>
        <source>not valid JSON ({error})</source>
        <translation>不是有效的 JSON（{error}）</translation>
    </message>
    <message>
        <source>each line must be a JSON object</source>
        <translation>每一行都必须是 JSON 对象</translation>
    </message>
    <message>
        <source>&quot;metrics&quot; must be an object</source>
        <translation>&quot;metrics&quot; 必须是对象</translation>
    </message>
    <message>
        <source>URL “{url}” must start with http:// or https://</source>
        <translation>地址“{url}”必须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <source>method must be GET or POST</source>
        <translation>请求方法必须是 GET 或 POST</translation>
    </message>
    <message>
        <source>interval must be at least {seconds} s</source>
        <translation>间隔至少为 {seconds} 秒</translation>
    </message>
    <message>
        <source>deadline must be greater than 0 s</source>
        <translation>超时时间必须大于 0 秒</translation>
    </message>
    <message>
        <source>map at least one metric, e.g. viewers=data[0].viewer_count</source>
        <translation>请至少对应一个指标，例如 viewers=data[0].viewer_count</translation>
    </message>
    <message>
        <source>unknown metric “{metric}”; known: {known}</source>
        <translation>未知指标“{metric}”；已知指标：{known}</translation>
    </message>
    <message>
        <source>unknown preset “{name}”; choose from {choices}</source>
        <translation>未知预设“{name}”；可选：{choices}</translation>
    </message>
    <message>
        <source>the {name} preset needs {missing}</source>
        <translation>{name} 预设需要 {missing}</translation>
    </message>
    <message>
        <source>no value for “{name}”</source>
        <translation>没有为“{name}”提供值</translation>
    </message>
    <message>
        <source>response larger than {mb} MB</source>
        <translation>响应超过 {mb} MB</translation>
    </message>
    <message>
        <source>no complete answer within {seconds} s</source>
        <translation>{seconds} 秒内没有收到完整响应</translation>
    </message>
    <message>
        <source>cannot connect ({error})</source>
        <translation>无法连接（{error}）</translation>
    </message>
    <message>
        <source>request failed ({kind}: {error})</source>
        <translation>请求失败（{kind}：{error}）</translation>
    </message>
    <message>
        <source>HTTP {status} {reason}, retry after {seconds} s</source>
        <translation>HTTP {status} {reason}，{seconds} 秒后重试</translation>
    </message>
    <message>
        <source>HTTP {status} {reason}: check the token or key</source>
        <translation>HTTP {status} {reason}：请检查令牌或密钥</translation>
    </message>
    <message>
        <source>the answer is not valid JSON ({error})</source>
        <translation>响应不是有效的 JSON（{error}）</translation>
    </message>
    <message>
        <source>negative value</source>
        <translation>值为负</translation>
    </message>
    <message>
        <source>no metric mapped</source>
        <translation>没有对应任何指标</translation>
    </message>
    <message>
        <source>missing {names}; enter it and restart the source</source>
        <translation>缺少 {names}；请填写后重新启动数据源</translation>
    </message>
    <message>
        <source>no answer yet</source>
        <translation>尚无响应</translation>
    </message>
    <message>
        <source>port must be between 0 and 65535 (0 picks a free one)</source>
        <translation>端口必须在 0 到 65535 之间（0 表示自动选一个空闲端口）</translation>
    </message>
    <message>
        <source>no ingest token</source>
        <translation>没有推送令牌</translation>
    </message>
    <message>
        <source>port {port} is in use; pick another or leave it empty</source>
        <translation>端口 {port} 已被占用；请换一个，或留空</translation>
    </message>
    <message>
        <source>cannot listen on 127.0.0.1:{port} ({error})</source>
        <translation>无法监听 127.0.0.1:{port}（{error}）</translation>
    </message>
    <message>
        <source>listening on {url}</source>
        <translation>正在监听 {url}</translation>
    </message>
    <message>
        <source>simulated outage</source>
        <translation>模拟断流</translation>
    </message>
    <message>
        <source>speed must be greater than 0</source>
        <translation>速度必须大于 0</translation>
    </message>
    <message>
        <source>tick must be greater than 0</source>
        <translation>采样间隔必须大于 0</translation>
    </message>
    <message>
        <source>duration must be greater than 0</source>
        <translation>时长必须大于 0</translation>
    </message>
    <message>
        <source>the outage cannot start before the show</source>
        <translation>断流不能早于开播</translation>
    </message>
    <message>
        <source>an outage must last longer than 0 seconds</source>
        <translation>断流时长必须大于 0 秒</translation>
    </message>
    <message>
        <source>the simulator reports some of: {known}; not {unknown}</source>
        <translation>模拟器只能报告以下指标中的若干项：{known}；不能报告 {unknown}</translation>
    </message>
    <message>
        <source>no screen layout named “{name}”; saved: {names}</source>
        <translation>没有名为“{name}”的屏幕布局；已保存：{names}</translation>
    </message>
    <message>
        <source>Reading the screen needs the OCR extra, which is not installed ({error}). Install it with: pip install &apos;genbo[ocr]&apos; (from a checkout: make install), then start Genbo again.</source>
        <translation>读取屏幕需要 OCR 组件，但尚未安装（{error}）。请用 pip install &apos;genbo[ocr]&apos; 安装（源码目录中：make install），然后重新启动跟播。</translation>
    </message>
    <message>
        <source>the layout needs a name</source>
        <translation>布局需要一个名称</translation>
    </message>
    <message>
        <source>draw a box around at least one number</source>
        <translation>请至少框住一个数字</translation>
    </message>
    <message>
        <source>mark one big screen, not two</source>
        <translation>只能标一个大屏画面，不能两个</translation>
    </message>
    <message>
        <source>unknown metric “{name}”</source>
        <translation>未知指标“{name}”</translation>
    </message>
    <message>
        <source>two boxes read {metric}; keep one</source>
        <translation>有两个框都读取 {metric}；请只保留一个</translation>
    </message>
    <message>
        <source>the box of {metric} is too small ({w}×{h} px); draw it again</source>
        <translation>{metric} 的框太小（{w}×{h} 像素）；请重新绘制</translation>
    </message>
    <message>
        <source>the layout cannot be read: {error}</source>
        <translation>无法读取布局：{error}</translation>
    </message>
    <message>
        <source>kept for the moment videos</source>
        <translation>留给时刻视频，不识别</translation>
    </message>
    <message>
        <source>read the screen at most once a second</source>
        <translation>读取屏幕最快每秒一次</translation>
    </message>
    <message>
        <source>the guard&apos;s settings cannot be read: {error}</source>
        <translation>无法读取校验设置：{error}</translation>
    </message>
    <message>
        <source>no numbers to read: the big screen is kept for the moment videos</source>
        <translation>没有要识别的数字：大屏画面留给时刻视频</translation>
    </message>
    <message>
        <source>loading the OCR models…</source>
        <translation>正在加载 OCR 模型…</translation>
    </message>
    <message>
        <source>reading the screen needs Genbo&apos;s window; start the session there</source>
        <translation>读取屏幕需要跟播的窗口；请在窗口中开始场次</translation>
    </message>
    <message>
        <source>covered by a Genbo window: move it aside</source>
        <translation>被跟播的窗口挡住了：请把窗口移开</translation>
    </message>
    <message>
        <source>OCR failed: {error}</source>
        <translation>OCR 识别出错：{error}</translation>
    </message>
    <message>
        <source>the number kept changing between reads</source>
        <translation>两次读取之间数字一直在变</translation>
    </message>
    <message>
        <source>nothing to read</source>
        <translation>没有可读的内容</translation>
    </message>
    <message>
        <source>held as suspect: {why}</source>
        <translation>作为可疑读数暂扣：{why}</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>没有数值</translation>
    </message>
    <message>
        <source>{n} of {total} regions read</source>
        <translation>已读取 {n}/{total} 个区域</translation>
    </message>
    <message>
        <source>{n} suspect reads to review</source>
        <translation>{n} 个可疑读数待审核</translation>
    </message>
    <message>
        <source>no window titled “{title}” is open</source>
        <translation>没有打开标题含“{title}”的窗口</translation>
    </message>
    <message>
        <source>there is no screen to read</source>
        <translation>没有可读取的屏幕</translation>
    </message>
    <message>
        <source>the screen could not be captured</source>
        <translation>无法截取屏幕</translation>
    </message>
    <message>
        <source>the window is closing</source>
        <translation>窗口正在关闭</translation>
    </message>
    <message>
        <source>the window did not answer within {s} s to grab the screen</source>
        <translation>窗口在 {s} 秒内未响应截屏请求</translation>
    </message>
    <message>
        <source>the screen could not be captured: {error}</source>
        <translation>无法截取屏幕：{error}</translation>
    </message>
</context>
<context>
    <name>storage</name>
    <message>
        <source>This session is already in the library: session {id}, {streamer} “{title}” of {when} (in the trash). Nothing was imported. Import it as a copy to keep both.</source>
        <translation>这场直播已在场次库中：场次 {id}，{streamer}“{title}”，{when}（在回收站中）。未导入任何内容。作为副本导入即可两份都保留。</translation>
    </message>
    <message>
        <source>This session is already in the library: session {id}, {streamer} “{title}” of {when}. Nothing was imported. Import it as a copy to keep both.</source>
        <translation>这场直播已在场次库中：场次 {id}，{streamer}“{title}”，{when}。未导入任何内容。作为副本导入即可两份都保留。</translation>
    </message>
    <message>
        <source>There is no streamer “{text}” (give the name or the ID from the list).</source>
        <translation>没有主播“{text}”（请填写列表中的名字或 ID）。</translation>
    </message>
    <message>
        <source>This session is already in the library as session {id} (unique id {uid}). Nothing was imported. Import it as a copy, or delete that one and empty the trash to import it again.</source>
        <translation>这场直播已在场次库中，为场次 {id}（唯一 ID {uid}）。未导入任何内容。请作为副本导入，或删除那一场并清空回收站后再导入。</translation>
    </message>
    <message>
        <source>An imported session needs a streamer name.</source>
        <translation>导入的场次需要主播名字。</translation>
    </message>
    <message>
        <source>An imported session cannot be live; it is stored as ended.</source>
        <translation>导入的场次不能是直播中状态；将按已结束保存。</translation>
    </message>
    <message>
        <source>A summary-only session cannot be live; store it as ended.</source>
        <translation>只有汇总数据的场次不能是直播中状态；请按已结束保存。</translation>
    </message>
    <message>
        <source>The unique id {uid} is given to two sessions; nothing was stored.</source>
        <translation>唯一 ID {uid} 被用在了两个场次上；未保存任何内容。</translation>
    </message>
    <message>
        <source>A streamer named {name} is already in this library on {platform} (account {account}); this session&apos;s is on {new_platform} (account {new_account}). Nothing was imported. Import it under another streamer name (genbo import --streamer NAME, or the Streamer field), or correct the streamer&apos;s account.</source>
        <translation>场次库中已有名为 {name} 的主播，平台为 {platform}（账号 {account}）；而这场直播的平台为 {new_platform}（账号 {new_account}）。未导入任何内容。请换一个主播名字导入（genbo import --streamer NAME，或填写“主播”一栏），或更正该主播的账号。</translation>
    </message>
    <message>
        <source>no platform</source>
        <translation>无平台</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>unknown chunk encoding “{encoding}”</source>
        <translation>未知的数据块编码“{encoding}”</translation>
    </message>
    <message>
        <source>a stored chunk is damaged: {error}</source>
        <translation>一个已保存的数据块已损坏：{error}</translation>
    </message>
    <message>
        <source>a stored chunk holds {n} values, not {count}</source>
        <translation>一个已保存的数据块有 {n} 个值，而不是 {count} 个</translation>
    </message>
    <message>
        <source>The database at {location} was written by a newer version of Genbo (schema {revision}; this version knows up to {known_head}). Nothing was changed. Update Genbo, or start with --data-dir pointing to another folder.</source>
        <translation>{location} 的数据库由更新版本的 Genbo 写入（结构版本 {revision}；当前版本最高只认识 {known_head}）。未做任何改动。请更新 Genbo，或用 --data-dir 指向另一个文件夹启动。</translation>
    </message>
    <message>
        <source>The team database at {location} has an older schema ({revision}) than this Genbo ({head}). Nothing was changed. Back the server up first (pg_dump), then upgrade it once for the whole team with: genbo --db URL upgrade</source>
        <translation>团队数据库 {location} 的结构（{revision}）比本版 Genbo（{head}）旧。未做任何改动。请先备份服务器（pg_dump），再为整个团队执行一次升级：genbo --db URL upgrade</translation>
    </message>
    <message>
        <source>The team server at {location} does not answer ({error}). Check the address and the network, and that the server runs.</source>
        <translation>{location} 的团队服务器没有响应（{error}）。请检查地址和网络，以及服务器是否在运行。</translation>
    </message>
    <message>
        <source>The team server at {location} refused Genbo ({error}). Check the user name and the password (kept in the keyring with: genbo --db URL secret set db-password).</source>
        <translation>{location} 的团队服务器拒绝了 Genbo（{error}）。请检查用户名和密码（用 genbo --db URL secret set db-password 保存在密钥环中）。</translation>
    </message>
    <message>
        <source>The team server refused this: your login ({user}) may change only the sessions it recorded itself. Nothing was changed. ({error})</source>
        <translation>团队服务器拒绝了此操作：你的登录（{user}）只能修改它自己录下的场次。未做任何改动。（{error}）</translation>
    </message>
    <message>
        <source>The team server refused this: your login ({user}) may not change this (it may only read, or the team&apos;s owner does this). Nothing was changed. ({error})</source>
        <translation>团队服务器拒绝了此操作：你的登录（{user}）不能修改这项内容（它只能读取，或者这由团队所有者来做）。未做任何改动。（{error}）</translation>
    </message>
    <message>
        <source>The database at {location} is read-only, so nothing can be recorded or changed. Make the file and its folder writable, or start with --data-dir pointing to another folder.</source>
        <translation>{location} 处的数据库是只读的，因此无法录制或修改任何内容。请让该文件及其文件夹可写，或用 --data-dir 指定另一个文件夹启动。</translation>
    </message>
    <message>
        <source>The database at {location} is read-only and was written by another version of Genbo: opening it would upgrade it, which needs writing. Nothing was changed. Make the file and its folder writable, or start with --data-dir pointing to another folder.</source>
        <translation>{location} 处的数据库是只读的，并且由另一个版本的跟播写入：打开它需要升级，而升级需要写入。未做任何更改。请让该文件及其文件夹可写，或用 --data-dir 指定另一个文件夹启动。</translation>
    </message>
    <message>
        <source>The team database at {location} has no Genbo schema yet, and your login ({user}) may not make it. Nothing was changed. The team&apos;s owner makes it once with: genbo --db OWNER-URL upgrade</source>
        <translation>{location} 的团队数据库还没有 Genbo 的数据结构，而你的登录（{user}）无权创建。未做任何改动。请团队所有者运行一次：genbo --db OWNER-URL upgrade</translation>
    </message>
    <message>
        <source>Genbo could not read the database at {location}: {error}. The file was left as it is. Restore a backup, or start with --data-dir pointing to another folder.</source>
        <translation>Genbo 无法读取 {location} 的数据库：{error}。文件保持原样。请恢复备份，或用 --data-dir 指向另一个文件夹启动。</translation>
    </message>
    <message>
        <source>{location} holds tables but is not a Genbo database. Nothing was changed. Start with --data-dir pointing to another folder.</source>
        <translation>{location} 中有数据表，但不是 Genbo 数据库。未做任何改动。请用 --data-dir 指向另一个文件夹启动。</translation>
    </message>
    <message>
        <source>A streamer needs a name.</source>
        <translation>主播需要一个名字。</translation>
    </message>
    <message>
        <source>The streamer {name} could not be added: {error}</source>
        <translation>无法添加主播 {name}：{error}</translation>
    </message>
    <message>
        <source>There is no streamer {id} in this database.</source>
        <translation>这个数据库中没有主播 {id}。</translation>
    </message>
    <message>
        <source>There is already a streamer named {name}.</source>
        <translation>已有名为 {name} 的主播。</translation>
    </message>
    <message>
        <source>The account {account} on {platform} is already {name}&apos;s.</source>
        <translation>{platform} 上的账号 {account} 已属于 {name}。</translation>
    </message>
    <message>
        <source>The account {account} on this platform is already {name}&apos;s.</source>
        <translation>这个平台上的账号 {account} 已属于 {name}。</translation>
    </message>
    <message>
        <source>A spend cannot be negative.</source>
        <translation>消耗不能为负数。</translation>
    </message>
    <message>
        <source>There is no session {id} in this database.</source>
        <translation>这个数据库中没有场次 {id}。</translation>
    </message>
    <message>
        <source>Session {id} was recorded by {operator}; only they, or the team&apos;s owner, can change it. Nothing was changed.</source>
        <translation>场次 {id} 由 {operator} 录制；只有录制者本人或团队所有者才能修改。未做任何改动。</translation>
    </message>
    <message>
        <source>The team server records your login ({user}) only under its own name, not as {operator}. Nothing was recorded. Leave --operator, GENBO_OPERATOR and Settings → Your name empty (or set them to {user}).</source>
        <translation>团队服务器只按你的登录名（{user}）记录，不能记为 {operator}。未录制任何内容。请把 --operator、GENBO_OPERATOR 和 设置 → 你的名字 留空（或设为 {user}）。</translation>
    </message>
    <message>
        <source>Session {id} is being recorded; end it before deleting it.</source>
        <translation>场次 {id} 正在记录中；请先结束再删除。</translation>
    </message>
    <message>
        <source>Session {id} is in the trash; restore it first to resume it.</source>
        <translation>场次 {id} 在回收站中；请先恢复再继续记录。</translation>
    </message>
    <message>
        <source>Session {id} is being recorded by Genbo on {host}; it cannot be resumed here.</source>
        <translation>场次 {id} 正由 {host} 上的 Genbo 记录；不能在这里继续。</translation>
    </message>
    <message>
        <source>Session {id} is being recorded by Genbo on another computer; it cannot be resumed here.</source>
        <translation>场次 {id} 正由另一台电脑上的 Genbo 记录；不能在这里继续。</translation>
    </message>
    <message>
        <source>Session {id} could not be read: {error}. Nothing was changed; restore a backup of the database to recover it.</source>
        <translation>无法读取场次 {id}：{error}。未做任何改动；请恢复数据库备份来找回它。</translation>
    </message>
    <message>
        <source>A month&apos;s GMV cannot be negative.</source>
        <translation>月成交金额不能为负。</translation>
    </message>
    <message>
        <source>{month} is not a month (YYYYMM).</source>
        <translation>{month} 不是月份（YYYYMM）。</translation>
    </message>
    <message>
        <source>Session {id} could not be marked as ended in the database ({error}). Its stored samples are kept; it shows as interrupted until you close it (genbo close {id}) or resume it.</source>
        <translation>无法在数据库中把场次 {id} 标记为已结束（{error}）。已存入的样本都保留；在你关闭（genbo close {id}）或继续录制之前，它显示为“中断”。</translation>
    </message>
    <message>
        <source>streamers</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>planned starts</source>
        <translation>计划开播</translation>
    </message>
    <message>
        <source>month figures</source>
        <translation>月度数据</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>minute curves</source>
        <translation>分钟曲线</translation>
    </message>
    <message>
        <source>sources</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>sample chunks</source>
        <translation>样本块</translation>
    </message>
    <message>
        <source>events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>gaps</source>
        <translation>断档</translation>
    </message>
    <message>
        <source>ad report rows</source>
        <translation>广告报表行</translation>
    </message>
    <message>
        <source>a plain copy (every table could be read)</source>
        <translation>直接复制（每张表都能读取）</translation>
    </message>
    <message>
        <source>a row-by-row salvage</source>
        <translation>逐行抢救</translation>
    </message>
    <message>
        <source>SQLite&apos;s .recover</source>
        <translation>SQLite 的 .recover</translation>
    </message>
    <message>
        <source>{location} is not a database Genbo can read.</source>
        <translation>{location} 不是跟播能读取的数据库。</translation>
    </message>
    <message>
        <source>The database file {location} is shorter than it should be: its end was cut off.</source>
        <translation>数据库文件 {location} 比应有的短：末尾被截掉了。</translation>
    </message>
    <message>
        <source>The journal of the database at {location} ({wal}) was missing: what was recorded in the last seconds before Genbo last stopped is not in the database.</source>
        <translation>{location} 处数据库的日志文件（{wal}）丢失：跟播上次停止前最后几秒记录的数据不在数据库中。</translation>
    </message>
    <message>
        <source>The database at {location} is damaged ({detail}).</source>
        <translation>{location} 处的数据库已损坏（{detail}）。</translation>
    </message>
    <message>
        <source>Its journal ({wal}) was missing too.</source>
        <translation>它的日志文件（{wal}）也丢失了。</translation>
    </message>
    <message>
        <source>Genbo goes on with the rest of the database.</source>
        <translation>跟播使用数据库的其余部分继续。</translation>
    </message>
    <message>
        <source>It was moved aside as {moved}, nothing was deleted, and Genbo goes on with a fresh database.</source>
        <translation>它已被移到一旁，保存为 {moved}，没有删除任何内容，跟播改用新的数据库继续。</translation>
    </message>
    <message>
        <source>Recovered from it: {sessions} sessions of {streamers} streamers, {chunks} sample chunks with {values} values, {events} events and {gaps} gaps.</source>
        <translation>从中恢复了：{streamers} 位主播的 {sessions} 个场次，{chunks} 个样本块（共 {values} 个数值），{events} 个事件和 {gaps} 个断档。</translation>
    </message>
    <message>
        <source>Nothing could be recovered from it.</source>
        <translation>无法从中恢复任何内容。</translation>
    </message>
    <message>
        <source>Some {what} could not be read at all and are lost.</source>
        <translation>部分{what}完全无法读取，已丢失。</translation>
    </message>
    <message>
        <source>{count} further rows were left out: damaged, or belonging to a session that was lost.</source>
        <translation>另有 {count} 行未恢复：已损坏，或所属场次已丢失。</translation>
    </message>
    <message>
        <source>{count} streamers or sources whose own rows were lost are listed as “Recovered …”.</source>
        <translation>{count} 位主播或数据源自身的记录已丢失，列为“已恢复…”。</translation>
    </message>
    <message>
        <source>(Recovered with {method}.)</source>
        <translation>（恢复方式：{method}。）</translation>
    </message>
    <message>
        <source>The database at {location} is read-only: Genbo opened it for browsing only. Nothing can be recorded or changed until the file and its folder are writable (or start with --data-dir pointing to another folder).</source>
        <translation>{location} 处的数据库是只读的：跟播只以浏览方式打开它。在该文件及其文件夹可写之前，无法录制或修改任何内容（也可用 --data-dir 指定另一个文件夹启动）。</translation>
    </message>
    <message>
        <source>The database at {location} is locked by another program, which did not let go of it within {seconds} seconds. Nothing was changed. Close the other program (another Genbo, or a database tool) and try again.</source>
        <translation>{location} 处的数据库被另一个程序锁定，{seconds} 秒内没有释放。未做任何更改。请关闭另一个程序（另一个跟播，或数据库工具）后重试。</translation>
    </message>
    <message>
        <source>The database at {location} is damaged, but another program is using it (another Genbo, or “genbo record”). Nothing was changed. Close it and start Genbo again.</source>
        <translation>{location} 处的数据库已损坏，但另一个程序正在使用它（另一个跟播，或“genbo record”）。未做任何更改。请关闭它后重新启动跟播。</translation>
    </message>
    <message>
        <source>{problem} Genbo could not move it aside ({error}), so nothing was changed. Make the file and its folder writable, or start with --data-dir pointing to another folder.</source>
        <translation>{problem}跟播无法把它移到一旁（{error}），因此未做任何更改。请让该文件及其文件夹可写，或用 --data-dir 指定另一个文件夹启动。</translation>
    </message>
    <message>
        <source>{problem} It was moved aside as {moved}, but Genbo could not make a fresh database in its place: {error}. Free some space or make the folder writable, then start Genbo again.</source>
        <translation>{problem}它已被移到一旁，保存为 {moved}，但跟播无法在原处新建数据库：{error}。请释放一些空间或让文件夹可写，然后重新启动跟播。</translation>
    </message>
    <message>
        <source>Recovered streamer {id}</source>
        <translation>已恢复的主播 {id}</translation>
    </message>
    <message>
        <source>Recovered source {id}</source>
        <translation>已恢复的数据源 {id}</translation>
    </message>
    <message>
        <source>The database at {location} is damaged, but it is still being read. Nothing was changed yet; Genbo tries again.</source>
        <translation>{location} 处的数据库已损坏，但仍在被读取。尚未做任何更改；跟播稍后重试。</translation>
    </message>
    <message>
        <source>There is a folder at {location}, where Genbo keeps its database file. Nothing was changed. Move or rename that folder, or start with --data-dir pointing to another folder.</source>
        <translation>{location} 处是一个文件夹，而跟播要在这里保存数据库文件。未做任何更改。请移走或重命名该文件夹，或用 --data-dir 指定另一个文件夹启动。</translation>
    </message>
    <message>
        <source>Genbo cannot make its database in {folder}: the folder cannot be written ({error}). Nothing was changed. Make it writable, or start with --data-dir pointing to another folder.</source>
        <translation>跟播无法在 {folder} 中新建数据库：该文件夹不可写（{error}）。未做任何更改。请让它可写，或用 --data-dir 指定另一个文件夹启动。</translation>
    </message>
</context>
<context>
    <name>video</name>
    <message>
        <source>a moment video is {lo}–{hi} s long, not {seconds}</source>
        <translation>时刻视频的时长是 {lo}–{hi} 秒，不能是 {seconds}</translation>
    </message>
    <message>
        <source>cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>yuv420p needs an even size, not {w}×{h}</source>
        <translation>yuv420p 需要偶数尺寸，不能是 {w}×{h}</translation>
    </message>
    <message>
        <source>a frame of {got}, not {want}</source>
        <translation>画面尺寸是 {got}，应为 {want}</translation>
    </message>
    <message>
        <source>cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>session {id} has no milestone {n} (no milestones)</source>
        <translation>场次 {id} 没有第 {n} 个里程碑（没有里程碑）</translation>
    </message>
    <message>
        <source>session {id} has no milestone {n} (1 milestone)</source>
        <translation>场次 {id} 没有第 {n} 个里程碑（只有 1 个）</translation>
    </message>
    <message>
        <source>session {id} has no milestone {n} ({count} milestones)</source>
        <translation>场次 {id} 没有第 {n} 个里程碑（共 {count} 个）</translation>
    </message>
    <message>
        <source>session {id}: several match the highlight id &apos;{text}&apos; (it has: {ids})</source>
        <translation>场次 {id}：有多个高光的 ID 以“{text}”开头（共有：{ids}）</translation>
    </message>
    <message>
        <source>session {id}: none matches the highlight id &apos;{text}&apos; (it has: {ids})</source>
        <translation>场次 {id}：没有高光的 ID 是“{text}”（共有：{ids}）</translation>
    </message>
    <message>
        <source>session {id}: none matches the highlight id &apos;{text}&apos; (it has none)</source>
        <translation>场次 {id}：没有高光的 ID 是“{text}”（该场次没有高光）</translation>
    </message>
    <message>
        <source>a milestone number or a highlight id is needed</source>
        <translation>需要里程碑编号或高光 ID</translation>
    </message>
    <message>
        <source>{path} had {frames} frames, not {total}</source>
        <translation>{path} 有 {frames} 帧，应为 {total} 帧</translation>
    </message>
</context>
</TS>
