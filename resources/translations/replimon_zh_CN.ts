<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddTasksDialog</name>
    <message>
        <source>Add Predictions</source>
        <translation>添加任务</translation>
    </message>
    <message>
        <source>Paste prediction ids or links: bare ids, replicate.com/p/… pages, or any …/predictions/… address. Several at once are fine.</source>
        <translation>粘贴任务 ID 或链接：纯 ID、replicate.com/p/… 页面，或任意 …/predictions/… 地址均可，一次可以粘贴多个。</translation>
    </message>
    <message>
        <source>w44zs9cet5rmc0cqzp49gpkhf8
https://replicate.com/p/…</source>
        <translation>w44zs9cet5rmc0cqzp49gpkhf8
https://replicate.com/p/…</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>已识别</translation>
    </message>
    <message>
        <source>Not understood</source>
        <translation>无法识别</translation>
    </message>
    <message numerus="yes">
        <source>Found %n prediction(s)</source>
        <translation>
            <numerusform>识别到 %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) not understood</source>
        <translation>
            <numerusform>%n 行无法识别</numerusform>
        </translation>
    </message>
    <message>
        <source>(only the first %1 characters were read)</source>
        <translation>（只读取了前 %1 个字符）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message numerus="yes">
        <source>Add %n</source>
        <translation>
            <numerusform>添加 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApiEndpoint</name>
    <message>
        <source>Enter the address of the API, for example https://api.replicate.com/v1.</source>
        <translation>请输入 API 地址，例如 https://api.replicate.com/v1。</translation>
    </message>
    <message>
        <source>The API address must start with https:// (or http://).</source>
        <translation>API 地址必须以 https://（或 http://）开头。</translation>
    </message>
    <message>
        <source>The API address must start with https:// (or http://), not %1://.</source>
        <translation>API 地址必须以 https://（或 http://）开头，而不是 %1://。</translation>
    </message>
    <message>
        <source>The API address is not a valid URL (look for spaces or unusual characters in it).</source>
        <translation>API 地址不是有效的 URL（请检查其中是否有空格或异常字符）。</translation>
    </message>
    <message>
        <source>The API address has no host name.</source>
        <translation>API 地址缺少主机名。</translation>
    </message>
    <message>
        <source>The API address must not contain a user name or password; the API key is set separately.</source>
        <translation>API 地址中不能包含用户名或密码；API 密钥需要单独设置。</translation>
    </message>
    <message>
        <source>The API address must not contain a query (the part after &quot;?&quot;).</source>
        <translation>API 地址中不能包含查询参数（“?” 之后的部分）。</translation>
    </message>
    <message>
        <source>The API address must not contain a fragment (the part after &quot;#&quot;).</source>
        <translation>API 地址中不能包含片段（“#” 之后的部分）。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message numerus="yes">
        <source>Imported %n prediction(s)</source>
        <translation>
            <numerusform>已导入 %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n listed)</source>
        <translation>
            <numerusform>（共列出 %n 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>This provider does not offer a list of recent predictions: add ids instead.</source>
        <translation>该服务商不提供最近任务列表，请直接添加任务 ID。</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <source>This provider does not support canceling predictions.</source>
        <translation>该服务商不支持取消任务。</translation>
    </message>
    <message>
        <source>Cancel failed: %1</source>
        <translation>取消失败：%1</translation>
    </message>
    <message>
        <source>The task database could not be written: %1</source>
        <translation>无法写入任务数据库：%1</translation>
    </message>
    <message>
        <source>Replimon</source>
        <translation>Replimon</translation>
    </message>
    <message>
        <source>The task database could not be opened:
%1</source>
        <translation>无法打开任务数据库：
%1</translation>
    </message>
    <message>
        <source>Task Database Replaced</source>
        <translation>任务数据库已重建</translation>
    </message>
    <message>
        <source>The task database could not be read (%1). It was moved to
%2
and a new, empty one was created. Nothing was deleted.</source>
        <translation>无法读取任务数据库（%1）。原文件已移动到
%2
并新建了一个空数据库。没有删除任何数据。</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>No prediction ids in: %1</source>
        <translation>没有找到任务 ID：%1</translation>
    </message>
    <message>
        <source>Importing recent predictions…</source>
        <translation>正在导入最近的任务…</translation>
    </message>
    <message>
        <source>Replimon could not be set to start at login: %1</source>
        <translation>无法设置登录时启动 Replimon：%1</translation>
    </message>
    <message>
        <source>Replimon could not be kept from starting at login: %1</source>
        <translation>无法取消登录时启动 Replimon：%1</translation>
    </message>
</context>
<context>
    <name>AutostartEntry</name>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
</context>
<context>
    <name>BeforeAfterView</name>
    <message>
        <source>Before and after</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <source>Drag to compare the input (left) with the output (right)</source>
        <translation>拖动以对比输入（左）和输出（右）</translation>
    </message>
    <message>
        <source>No input image</source>
        <translation>没有输入图片</translation>
    </message>
    <message>
        <source>No output image</source>
        <translation>没有输出图片</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
</context>
<context>
    <name>CallerConnection</name>
    <message>
        <source>Bad request</source>
        <translation>请求无效</translation>
    </message>
    <message>
        <source>Expectation not supported</source>
        <translation>不支持该 Expect 请求头</translation>
    </message>
    <message>
        <source>Only Expect: 100-continue is understood.</source>
        <translation>只支持 Expect: 100-continue。</translation>
    </message>
    <message>
        <source>Upstream timed out</source>
        <translation>上游服务器超时</translation>
    </message>
    <message>
        <source>Upstream unreachable</source>
        <translation>无法连接上游服务器</translation>
    </message>
    <message>
        <source>Upstream answer broken</source>
        <translation>上游服务器的应答不完整</translation>
    </message>
</context>
<context>
    <name>CaptureHost</name>
    <message>
        <source>--capture needs a port number from 1024 to 65535, not &quot;%1&quot;.</source>
        <translation>--capture 需要 1024 到 65535 之间的端口号，而不是“%1”。</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <source>Replimon can sit between your code and your provider: a local address that forwards every call unchanged and tracks every prediction made through it, with no ids to paste.</source>
        <translation>Replimon 可以位于您的代码和服务商之间：一个本地地址，原样转发每个请求，并跟踪经由它创建的每个预测，无需粘贴 ID。</translation>
    </message>
    <message>
        <source>&amp;Capture predictions made by my code</source>
        <translation>捕获我的代码创建的预测(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Base URLs:</source>
        <translation>基础 URL：</translation>
    </message>
    <message>
        <source>Allowed &amp;origins:</source>
        <translation>允许的来源(&amp;O)：</translation>
    </message>
    <message>
        <source>Web pages at these origins may call the endpoint from a browser. Leave it empty unless a web page of yours needs it.</source>
        <translation>来自这些来源的网页可以在浏览器中调用该端点。除非您自己的网页需要，否则请留空。</translation>
    </message>
    <message>
        <source>One origin per line, e.g. http://localhost:3000</source>
        <translation>每行一个来源，例如 http://localhost:3000</translation>
    </message>
    <message>
        <source>Connect Your Code…</source>
        <translation>连接您的代码…</translation>
    </message>
</context>
<context>
    <name>CaptureRecorder</name>
    <message>
        <source>A prediction made through the capture endpoint could not be saved: %1</source>
        <translation>经由捕获端点创建的预测无法保存：%1</translation>
    </message>
    <message>
        <source>An answer passed through the capture endpoint but could not be recorded: %1</source>
        <translation>一个应答已经过捕获端点，但无法记录：%1</translation>
    </message>
</context>
<context>
    <name>CaptureServer</name>
    <message>
        <source>The upstream API root %1 is not an http(s) URL.</source>
        <translation>上游 API 地址 %1 不是 http(s) URL。</translation>
    </message>
    <message>
        <source>Port %1 is in use by another program. Choose another port in Settings → Capture, or close the program using it.</source>
        <translation>端口 %1 已被其他程序占用。请在“设置 → 捕获”中选择其他端口，或关闭占用该端口的程序。</translation>
    </message>
    <message>
        <source>Cannot listen on 127.0.0.1:%1: %2</source>
        <translation>无法在 127.0.0.1:%1 上监听：%2</translation>
    </message>
    <message>
        <source>Port %1 is in use by another program on [::1]. Choose another port in Settings → Capture, or close the program using it.</source>
        <translation>端口 %1 在 [::1] 上已被其他程序占用。请在“设置 → 捕获”中选择其他端口，或关闭占用该端口的程序。</translation>
    </message>
    <message>
        <source>Cannot listen on [::1]: %1</source>
        <translation>无法在 [::1] 上监听：%1</translation>
    </message>
</context>
<context>
    <name>CaptureState</name>
    <message>
        <source>Capture on :%1</source>
        <translation>捕获已开启 :%1</translation>
    </message>
    <message>
        <source>Capture failed</source>
        <translation>捕获失败</translation>
    </message>
    <message>
        <source>Capture is on for this run (--capture): Replimon listens on port %1 and records every prediction your code makes through it.</source>
        <translation>本次运行已开启捕获（--capture）：Replimon 在端口 %1 上监听，并记录您的代码经由它创建的每个预测。</translation>
    </message>
    <message>
        <source>Capture is on: Replimon listens on port %1 and records every prediction your code makes through it.</source>
        <translation>捕获已开启：Replimon 在端口 %1 上监听，并记录您的代码经由它创建的每个预测。</translation>
    </message>
    <message>
        <source>Capture could not start. %1</source>
        <translation>捕获无法启动。%1</translation>
    </message>
    <message>
        <source>Capture is starting…</source>
        <translation>捕获正在启动…</translation>
    </message>
    <message>
        <source>Capture is off. Turn it on, then point your code at one of these addresses.</source>
        <translation>捕获已关闭。请先开启，然后让您的代码使用下列地址之一。</translation>
    </message>
</context>
<context>
    <name>CloseToTray</name>
    <message>
        <source>Replimon is still running</source>
        <translation>Replimon 仍在运行</translation>
    </message>
    <message>
        <source>Replimon keeps running in the tray to capture the predictions your code makes. Choose Quit in the tray menu to end it.</source>
        <translation>Replimon 会继续在托盘中运行，以捕获你的代码发起的预测任务。要退出，请在托盘菜单中选择“退出”。</translation>
    </message>
</context>
<context>
    <name>CompareActions</name>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Compare shows at most %1 tasks; %2 are selected.</source>
        <translation>对比最多显示 %1 个任务，当前选中了 %2 个。</translation>
    </message>
    <message>
        <source>Select 2 to %1 tasks to compare them.</source>
        <translation>选中 2 到 %1 个任务即可对比。</translation>
    </message>
    <message>
        <source>The selected tasks&apos; outputs side by side, zoomed and panned together</source>
        <translation>并排显示所选任务的输出，缩放和平移同步</translation>
    </message>
</context>
<context>
    <name>CompareColumn</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Before / After</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <source>The input image and the output under a divider you drag</source>
        <translation>输入图片与输出叠放，中间有可拖动的分隔线</translation>
    </message>
    <message>
        <source>Previous output</source>
        <translation>上一个输出</translation>
    </message>
    <message>
        <source>Next output</source>
        <translation>下一个输出</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>（无提示词）</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>Expired, not saved</source>
        <translation>已过期，未保存</translation>
    </message>
    <message>
        <source>Output %1 of %2</source>
        <translation>输出 %1/%2</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Wheel to zoom, drag to pan: all images follow</source>
        <translation>滚轮缩放，拖动平移：所有图片同步</translation>
    </message>
    <message>
        <source>Compare: %1</source>
        <translation>对比：%1</translation>
    </message>
</context>
<context>
    <name>ConnectCodeDialog</name>
    <message>
        <source>Connect Your Code</source>
        <translation>连接您的代码</translation>
    </message>
    <message>
        <source>Give your scripts, notebooks and apps one of these base URLs instead of the provider&apos;s. Replimon forwards every call unchanged, your code&apos;s own API key included, and tracks every prediction it makes.</source>
        <translation>在您的脚本、笔记本和应用中，用下列基础 URL 之一代替服务商的地址。Replimon 会原样转发每个请求（包括您代码自己的 API 密钥），并跟踪它创建的每个预测。</translation>
    </message>
    <message>
        <source>Turn On Capture</source>
        <translation>开启捕获</translation>
    </message>
    <message>
        <source>Replicate clients:</source>
        <translation>Replicate 客户端：</translation>
    </message>
    <message>
        <source>For the official clients and anything that speaks Replicate&apos;s API</source>
        <translation>用于官方客户端以及任何使用 Replicate API 的程序</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Relay-style paths:</source>
        <translation>中转站式路径：</translation>
    </message>
    <message>
        <source>For code written against a relay&apos;s /replicate/v1 paths</source>
        <translation>用于按中转站的 /replicate/v1 路径编写的代码</translation>
    </message>
    <message>
        <source>Copy Snippet</source>
        <translation>复制代码片段</translation>
    </message>
    <message>
        <source>Both are forwarded to %1.</source>
        <translation>两者都转发到 %1。</translation>
    </message>
    <message>
        <source>The Python client adds /v1 to its base URL itself: give it the address without it.</source>
        <translation>Python 客户端会自行在基础 URL 后加上 /v1：请给它不带 /v1 的地址。</translation>
    </message>
    <message>
        <source>Any HTTP client works: send to port %1 what you would send to your provider, with your own key.</source>
        <translation>任何 HTTP 客户端都可以：把原本发给服务商的请求发到端口 %1，并带上您自己的密钥。</translation>
    </message>
    <message>
        <source>Your code keeps its own API key: Replimon passes it on and never adds its own.</source>
        <translation>您的代码继续使用自己的 API 密钥：Replimon 原样传递，绝不添加自己的密钥。</translation>
    </message>
</context>
<context>
    <name>CostText</name>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 张图片</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n 次运行</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Replicate&apos;s price of %1</source>
        <translation>Replicate %1 的价格</translation>
    </message>
    <message>
        <source>your price</source>
        <translation>你设定的价格</translation>
    </message>
    <message>
        <source>Unknown: no price for %1 at %2 — set one in Settings → Prices</source>
        <translation>未知：%2 上的 %1 没有价格——请在“设置 → 价格”中设定</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <source>When it ends: %1 (%2)</source>
        <translation>结束后按 %1 计（%2）</translation>
    </message>
    <message>
        <source>Unknown: the prediction reports nothing to charge %1 for</source>
        <translation>未知：预测没有报告可按 %1 计费的内容</translation>
    </message>
    <message>
        <source>%1 (%2 × %3, %4)</source>
        <translation>%1（%2 × %3，%4）</translation>
    </message>
    <message>
        <source>unknown (no price for %1 at %2 — set one in Settings → Prices)</source>
        <translation>未知（%2 上的 %1 没有价格——请在“设置 → 价格”中设定）</translation>
    </message>
    <message>
        <source>%1 (%2 × %3)</source>
        <translation>%1（%2 × %3）</translation>
    </message>
    <message numerus="yes">
        <source>Selected: %1 (%n task(s))</source>
        <translation>
            <numerusform>已选：%1（%n 个任务）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cost: %1 (%n task(s))</source>
        <translation>
            <numerusform>费用：%1（%n 个任务）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n unknown</source>
        <translation>
            <numerusform>，%n 个未知</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n running</source>
        <translation>
            <numerusform>，%n 个运行中</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CreateInputs</name>
    <message>
        <source>-i takes key=value (e.g. -i prompt=&quot;a red fox&quot;), not &quot;%1&quot;.</source>
        <translation>-i 需要 key=value（例如 -i prompt=&quot;a red fox&quot;），而不是“%1”。</translation>
    </message>
    <message>
        <source>%1 was given more than once; the last value is sent.</source>
        <translation>%1 给出了不止一次；发送最后一个值。</translation>
    </message>
    <message>
        <source>%1: no such file: %2</source>
        <translation>%1：没有这个文件：%2</translation>
    </message>
    <message>
        <source>%1: %2 is %3; files sent with the request are limited to %4, since they travel inside it as text. Give a URL to the file instead (-i %1=https://…).</source>
        <translation>%1：%2 大小为 %3；随请求发送的文件以文本形式放在请求里，上限为 %4。请改为给出文件的 URL（-i %1=https://…）。</translation>
    </message>
    <message>
        <source>%1: %2 grew while it was read.</source>
        <translation>%1：%2 在读取时变大了。</translation>
    </message>
    <message>
        <source>%1: cannot read %2: %3</source>
        <translation>%1：无法读取 %2：%3</translation>
    </message>
    <message>
        <source>%1: %2 is %3; Replicate recommends files of less than %4 in a request, and a server may refuse a larger one.</source>
        <translation>%1：%2 大小为 %3；Replicate 建议请求中的文件小于 %4，服务器可能拒绝更大的文件。</translation>
    </message>
</context>
<context>
    <name>DemoBackend</name>
    <message>
        <source>The demo server could not be started: %1</source>
        <translation>无法启动演示服务器：%1</translation>
    </message>
    <message>
        <source>The demo server stopped before it was ready.</source>
        <translation>演示服务器在就绪前停止了。</translation>
    </message>
    <message>
        <source>The demo server did not start in time.</source>
        <translation>演示服务器未能及时启动。</translation>
    </message>
</context>
<context>
    <name>DiskProblem</name>
    <message>
        <source>No room for another file on %1: its file system has no free inodes left; %2 could not be saved.</source>
        <translation>%1 上无法再创建文件：其文件系统已没有空闲的 inode；无法保存 %2。</translation>
    </message>
    <message>
        <source>Your disk quota on %1 is used up; %2 could not be saved.</source>
        <translation>您在 %1 上的磁盘配额已用完；无法保存 %2。</translation>
    </message>
    <message>
        <source>The folder %1 is read-only; %2 could not be saved.</source>
        <translation>文件夹 %1 是只读的；无法保存 %2。</translation>
    </message>
    <message>
        <source>No permission to write in %1; %2 could not be saved.</source>
        <translation>没有在 %1 中写入的权限；无法保存 %2。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>No space left on %1: %2 free, %3 needed to save %4.</source>
        <translation>%1 上没有剩余空间：可用 %2，保存 %4 需要 %3。</translation>
    </message>
    <message>
        <source>No space left on %1: %2 free; %3 could not be saved.</source>
        <translation>%1 上没有剩余空间：可用 %2；无法保存 %3。</translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>The server reports &quot;%1&quot;</source>
        <translation>服务器报告的状态为“%1”</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 分钟</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>%1后</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1前</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Input image</source>
        <translation>输入图片</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <source>Output format</source>
        <translation>输出格式</translation>
    </message>
    <message>
        <source>Safety tolerance</source>
        <translation>安全容忍度</translation>
    </message>
    <message>
        <source>Prompt upsampling</source>
        <translation>提示词增强</translation>
    </message>
    <message>
        <source>Predict time</source>
        <translation>推理时长</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>总时长</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>embedded %1 (%2)</source>
        <translation>内嵌的 %1（%2）</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message numerus="yes">
        <source>(%n characters)</source>
        <translation>
            <numerusform>(%n 个字符)</numerusform>
        </translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>已捕获</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>手动添加</translation>
    </message>
    <message>
        <source>(no User-Agent)</source>
        <translation>（无 User-Agent）</translation>
    </message>
    <message>
        <source>Captured from %1</source>
        <translation>捕获自 %1</translation>
    </message>
    <message>
        <source>Captured from %1 at %2</source>
        <translation>于 %2 捕获自 %1</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>引导强度</translation>
    </message>
    <message>
        <source>Megapixels</source>
        <translation>百万像素</translation>
    </message>
</context>
<context>
    <name>ExportAction</name>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the tasks the table shows as CSV or JSON</source>
        <translation>将表格中显示的任务保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <source>An export is still being written.</source>
        <translation>上一次导出仍在写入。</translation>
    </message>
    <message>
        <source>Export History</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <source>CSV for spreadsheets (*.csv)</source>
        <translation>用于电子表格的 CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n task(s)…</source>
        <translation>
            <numerusform>正在导出 %n 个任务…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n task(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个任务导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>FileDownloader</name>
    <message>
        <source>The data: address could not be decoded.</source>
        <translation>无法解码 data: 地址。</translation>
    </message>
    <message>
        <source>The file is larger than the limit.</source>
        <translation>文件超出大小上限。</translation>
    </message>
    <message>
        <source>Only http, https and data addresses can be downloaded.</source>
        <translation>只能下载 http、https 和 data 地址。</translation>
    </message>
    <message>
        <source>The file server redirected from https to an insecure address; not followed.</source>
        <translation>文件服务器从 https 重定向到了不安全的地址，已拒绝跟随。</translation>
    </message>
    <message>
        <source>Too many redirects.</source>
        <translation>重定向次数过多。</translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Refused to write outside the download folder.</source>
        <translation>已拒绝写入下载文件夹以外的位置。</translation>
    </message>
    <message>
        <source>The file is larger than the limit of %1 MB.</source>
        <translation>文件超过了 %1 MB 的大小上限。</translation>
    </message>
    <message>
        <source>The file is gone from the server (outputs are deleted an hour after the prediction completes).</source>
        <translation>服务器上已没有该文件（输出会在任务完成一小时后被删除）。</translation>
    </message>
    <message>
        <source>The download was canceled.</source>
        <translation>下载已取消。</translation>
    </message>
</context>
<context>
    <name>FileHistoryImporter</name>
    <message>
        <source>Not a file or folder.</source>
        <translation>不是文件或文件夹。</translation>
    </message>
    <message>
        <source>The file names a prediction (%1) but does not carry it whole.</source>
        <translation>该文件提到了任务（%1），但没有包含完整的任务数据。</translation>
    </message>
</context>
<context>
    <name>FileImportFlow</name>
    <message>
        <source>Import from Files</source>
        <translation>从文件导入</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading saved files…</source>
        <translation>正在读取已保存的文件…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) imported</source>
        <translation>
            <numerusform>已导入 %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n file(s)</source>
        <translation>
            <numerusform>来自 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already tracked</source>
        <translation>
            <numerusform>%n 个已在跟踪中</numerusform>
        </translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>……另有 %1 个</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) carry no prediction from Replimon and were not imported.</source>
        <translation>
            <numerusform>%n 个文件不含 Replimon 写入的任务数据，未导入。</numerusform>
        </translation>
    </message>
    <message>
        <source>The imported tasks could not be stored: %1</source>
        <translation>无法保存导入的任务：%1</translation>
    </message>
</context>
<context>
    <name>FullImageLoad</name>
    <message>
        <source>The output is text, not an image.</source>
        <translation>该输出是文本，不是图片。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>GalleryDelegate</name>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>Expired, not saved</source>
        <translation>已过期，未保存</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>无预览</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
</context>
<context>
    <name>ImageCache</name>
    <message>
        <source>The data: address could not be decoded.</source>
        <translation>无法解码 data: 地址。</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <source>The file %1 no longer exists.</source>
        <translation>文件 %1 已不存在。</translation>
    </message>
    <message>
        <source>The file is not an image Replimon can read.</source>
        <translation>该文件不是 Replimon 能读取的图片。</translation>
    </message>
    <message>
        <source>The image is %1 × %2 pixels, too large to open (at most %3 × %3 pixels and %4 MB decoded).</source>
        <translation>图片尺寸为 %1 × %2 像素，太大，无法打开（上限为 %3 × %3 像素，解码后不超过 %4 MB）。</translation>
    </message>
    <message>
        <source>The image could not be decoded: %1</source>
        <translation>无法解码图片：%1</translation>
    </message>
    <message>
        <source>Images cannot be loaded from &quot;%1&quot; addresses.</source>
        <translation>无法从 “%1” 地址加载图片。</translation>
    </message>
    <message>
        <source>The file is larger than %1 MB.</source>
        <translation>文件大于 %1 MB。</translation>
    </message>
    <message>
        <source>The server no longer has this file (HTTP %1).</source>
        <translation>服务器上已没有该文件（HTTP %1）。</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>The image could not be downloaded (%1).</source>
        <translation>无法下载图片（%1）。</translation>
    </message>
</context>
<context>
    <name>ImagePreview</name>
    <message>
        <source>Embedded image (data: address)</source>
        <translation>内嵌图片（data: 地址）</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
    <message>
        <source>The saved file is missing</source>
        <translation>已保存的文件不见了</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>Too large to preview</source>
        <translation>太大，无法预览</translation>
    </message>
    <message>
        <source>Could not load</source>
        <translation>加载失败</translation>
    </message>
    <message>
        <source>Cannot be shown</source>
        <translation>无法显示</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Copy Image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Save Image As…</source>
        <translation>图片另存为…</translation>
    </message>
    <message>
        <source>Copy Address</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Open in Browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Save Image</source>
        <translation>保存图片</translation>
    </message>
    <message>
        <source>The image has not been downloaded yet.</source>
        <translation>图片尚未下载。</translation>
    </message>
    <message>
        <source>%1 image (*.%2)</source>
        <translation>%1 图片 (*.%2)</translation>
    </message>
    <message>
        <source>The image could not be saved to %1.</source>
        <translation>无法将图片保存到 %1。</translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation>复制文本</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Before / After</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <source>The input image and this output under a divider you drag (B)</source>
        <translation>输入图片与此输出叠放，中间有可拖动的分隔线 (B)</translation>
    </message>
    <message>
        <source>%1  ·  %2 × %3 px</source>
        <translation>%1  ·  %2 × %3 像素</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Replimon</source>
        <translation>Replimon</translation>
    </message>
    <message>
        <source>Show predictions in this state</source>
        <translation>只显示处于此状态的任务</translation>
    </message>
    <message>
        <source>Search id, model or prompt</source>
        <translation>搜索 ID、模型或提示词</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Prediction</source>
        <translation>任务(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>&amp;Add Predictions…</source>
        <translation>添加任务(&amp;A)…</translation>
    </message>
    <message>
        <source>Add prediction ids or links</source>
        <translation>添加任务 ID 或链接</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Import Recent…</source>
        <translation>导入最近任务(&amp;I)…</translation>
    </message>
    <message>
        <source>Import recent predictions from the provider</source>
        <translation>从服务商导入最近的任务</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Copy ID</source>
        <translation>复制 ID(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected prediction ids</source>
        <translation>复制所选任务的 ID</translation>
    </message>
    <message>
        <source>Ctrl+C</source>
        <translation>Ctrl+C</translation>
    </message>
    <message>
        <source>&amp;Paste IDs</source>
        <translation>粘贴 ID(&amp;P)</translation>
    </message>
    <message>
        <source>Add the prediction ids on the clipboard</source>
        <translation>添加剪贴板中的任务 ID</translation>
    </message>
    <message>
        <source>Ctrl+V</source>
        <translation>Ctrl+V</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Stop tracking the selected predictions</source>
        <translation>停止跟踪所选任务</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Ctrl+A</source>
        <translation>Ctrl+A</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Fetch the selected predictions now</source>
        <translation>立即获取所选任务的最新状态</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Refresh A&amp;ll</source>
        <translation>全部刷新(&amp;L)</translation>
    </message>
    <message>
        <source>Fetch every prediction now</source>
        <translation>立即获取所有任务的最新状态</translation>
    </message>
    <message>
        <source>Ctrl+F5</source>
        <translation>Ctrl+F5</translation>
    </message>
    <message>
        <source>&amp;Pause Polling</source>
        <translation>暂停轮询(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume polling</source>
        <translation>暂停或恢复轮询</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>在浏览器中打开(&amp;B)</translation>
    </message>
    <message>
        <source>Open the prediction&apos;s web page</source>
        <translation>打开任务的网页</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>Ca&amp;ncel Prediction</source>
        <translation>取消任务(&amp;N)</translation>
    </message>
    <message>
        <source>Ask the provider to cancel the selected predictions</source>
        <translation>请求服务商取消所选任务</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>Search by id, model or prompt</source>
        <translation>按 ID、模型或提示词搜索</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>&amp;About Replimon</source>
        <translation>关于 Replimon(&amp;A)</translation>
    </message>
    <message>
        <source>Open Settings…</source>
        <translation>打开设置…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Canceled or aborted</source>
        <translation>已取消或已中止</translation>
    </message>
    <message>
        <source>No prediction ids in what was dropped.</source>
        <translation>拖入的内容中没有任务 ID。</translation>
    </message>
    <message>
        <source>Could Not Add Predictions</source>
        <translation>无法添加任务</translation>
    </message>
    <message>
        <source>Could Not Remove Predictions</source>
        <translation>无法移除任务</translation>
    </message>
    <message>
        <source>The task database could not be written: %1</source>
        <translation>无法写入任务数据库：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) added</source>
        <translation>
            <numerusform>已添加 %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n already tracked)</source>
        <translation>
            <numerusform>（%n 个已在跟踪中）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tracked</source>
        <translation>
            <numerusform>跟踪 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active</source>
        <translation>
            <numerusform>%n 个进行中</numerusform>
        </translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <source>Polling every %1</source>
        <translation>每 %1 轮询一次</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Rate limited — retrying in %1</source>
        <translation>请求受限，%1后重试</translation>
    </message>
    <message>
        <source>API key rejected</source>
        <translation>API 密钥被拒绝</translation>
    </message>
    <message>
        <source>No API key</source>
        <translation>未设置 API 密钥</translation>
    </message>
    <message>
        <source>Add your API key</source>
        <translation>添加您的 API 密钥</translation>
    </message>
    <message>
        <source>Replimon needs the API key of your provider (QuickRouter, AnyAPI or Replicate) to fetch your predictions. Or try it first on demo data.</source>
        <translation>Replimon 需要您所用服务商（QuickRouter、AnyAPI 或 Replicate）的 API 密钥才能获取您的任务。也可以先用演示数据试一试。</translation>
    </message>
    <message>
        <source>The provider rejected the API key: %1</source>
        <translation>服务商拒绝了该 API 密钥：%1</translation>
    </message>
    <message>
        <source>Add your API key…</source>
        <translation>添加 API 密钥…</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>No predictions yet</source>
        <translation>还没有任务</translation>
    </message>
    <message>
        <source>Paste prediction ids or links (Ctrl+V), drop them here, or import the recent predictions of your account.</source>
        <translation>粘贴任务 ID 或链接（Ctrl+V）、把它们拖到这里，或者导入您账户中最近的任务。</translation>
    </message>
    <message>
        <source>Add predictions…</source>
        <translation>添加任务…</translation>
    </message>
    <message>
        <source>Import recent</source>
        <translation>导入最近任务</translation>
    </message>
    <message>
        <source>No prediction ids on the clipboard.</source>
        <translation>剪贴板中没有任务 ID。</translation>
    </message>
    <message>
        <source>Remove Predictions</source>
        <translation>移除任务</translation>
    </message>
    <message numerus="yes">
        <source>Stop tracking %n prediction(s)? Files already saved stay on disk.</source>
        <translation>
            <numerusform>要停止跟踪这 %n 个任务吗？已保存的文件会保留在磁盘上。</numerusform>
        </translation>
    </message>
    <message>
        <source>About Replimon</source>
        <translation>关于 Replimon</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Replimon %1&lt;/h3&gt;&lt;p&gt;Watches predictions on Replicate and Replicate relays, and keeps their outputs before they expire.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Replimon %1&lt;/h3&gt;&lt;p&gt;跟踪 Replicate 及其中转服务上的任务，并在输出过期前把它们保存下来。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Captured from your code</source>
        <translation>从你的代码捕获</translation>
    </message>
    <message>
        <source>Capture from your code…</source>
        <translation>从您的代码捕获…</translation>
    </message>
    <message>
        <source>Give your scripts a local address: every prediction they make appears here</source>
        <translation>给您的脚本一个本地地址：它们创建的每个预测都会显示在这里</translation>
    </message>
    <message>
        <source>&amp;Capture from Your Code…</source>
        <translation>从您的代码捕获(&amp;C)…</translation>
    </message>
    <message>
        <source>Point your code at Replimon: every prediction it makes appears here</source>
        <translation>让您的代码使用 Replimon 的地址：它创建的每个预测都会显示在这里</translation>
    </message>
    <message>
        <source>Import from &amp;Files…</source>
        <translation>从文件导入(&amp;F)…</translation>
    </message>
    <message>
        <source>Add the predictions saved inside output images (or dropped on the window)</source>
        <translation>添加保存在输出图片中的任务（也可以把图片拖到窗口上）</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>已加星标</translation>
    </message>
</context>
<context>
    <name>MetadataError</name>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>The EXIF block ends inside a directory.</source>
        <translation>EXIF 数据在目录中途结束。</translation>
    </message>
    <message>
        <source>The EXIF block is too short.</source>
        <translation>EXIF 数据过短。</translation>
    </message>
    <message>
        <source>The EXIF block has no byte order mark.</source>
        <translation>EXIF 数据没有字节序标记。</translation>
    </message>
    <message>
        <source>The EXIF block is not TIFF.</source>
        <translation>EXIF 数据不是 TIFF 格式。</translation>
    </message>
    <message>
        <source>The EXIF block has no user comment.</source>
        <translation>EXIF 数据中没有用户注释。</translation>
    </message>
    <message>
        <source>The EXIF directories point at each other.</source>
        <translation>EXIF 目录互相指向，形成循环。</translation>
    </message>
    <message>
        <source>The EXIF user comment is too large.</source>
        <translation>EXIF 用户注释过大。</translation>
    </message>
    <message>
        <source>The EXIF user comment ends past the block.</source>
        <translation>EXIF 用户注释超出了数据末尾。</translation>
    </message>
    <message>
        <source>The XMP packet is too large.</source>
        <translation>XMP 数据包过大。</translation>
    </message>
    <message>
        <source>The EXIF block is too large.</source>
        <translation>EXIF 数据过大。</translation>
    </message>
    <message>
        <source>The image carries no prediction.</source>
        <translation>该图片不含任务数据。</translation>
    </message>
    <message>
        <source>The GIF image ends inside a block.</source>
        <translation>GIF 图片在数据块中途结束。</translation>
    </message>
    <message>
        <source>The file is not a GIF image.</source>
        <translation>该文件不是 GIF 图片。</translation>
    </message>
    <message>
        <source>The GIF image has an unknown block.</source>
        <translation>GIF 图片含有未知的数据块。</translation>
    </message>
    <message>
        <source>The GIF image&apos;s XMP block is broken.</source>
        <translation>GIF 图片的 XMP 数据块已损坏。</translation>
    </message>
    <message>
        <source>A GIF comment is too large.</source>
        <translation>GIF 注释过大。</translation>
    </message>
    <message>
        <source>The GIF image carries no prediction.</source>
        <translation>该 GIF 图片不含任务数据。</translation>
    </message>
    <message>
        <source>The file is not a PNG, JPEG, WebP or GIF image.</source>
        <translation>该文件不是 PNG、JPEG、WebP 或 GIF 图片。</translation>
    </message>
    <message>
        <source>The file is too large to carry its prediction.</source>
        <translation>文件过大，无法写入任务数据。</translation>
    </message>
    <message>
        <source>The file is too large to read.</source>
        <translation>文件过大，无法读取。</translation>
    </message>
    <message>
        <source>There is no prediction to write.</source>
        <translation>没有可写入的任务数据。</translation>
    </message>
    <message>
        <source>The file is not a JPEG image.</source>
        <translation>该文件不是 JPEG 图片。</translation>
    </message>
    <message>
        <source>The JPEG image ends before its image data.</source>
        <translation>JPEG 图片在图像数据之前就结束了。</translation>
    </message>
    <message>
        <source>The JPEG image has a broken segment.</source>
        <translation>JPEG 图片含有损坏的段。</translation>
    </message>
    <message>
        <source>A JPEG segment has an impossible length.</source>
        <translation>JPEG 段的长度不可能成立。</translation>
    </message>
    <message>
        <source>A JPEG segment runs past the end of the file.</source>
        <translation>JPEG 段超出了文件末尾。</translation>
    </message>
    <message>
        <source>The file is not a PNG image.</source>
        <translation>该文件不是 PNG 图片。</translation>
    </message>
    <message>
        <source>The PNG image ends before its last chunk.</source>
        <translation>PNG 图片在最后一个数据块之前就结束了。</translation>
    </message>
    <message>
        <source>A PNG chunk has an impossible length.</source>
        <translation>PNG 数据块的长度不可能成立。</translation>
    </message>
    <message>
        <source>A PNG chunk runs past the end of the file.</source>
        <translation>PNG 数据块超出了文件末尾。</translation>
    </message>
    <message>
        <source>The PNG image does not start with IHDR.</source>
        <translation>PNG 图片不是以 IHDR 开头。</translation>
    </message>
    <message>
        <source>A PNG text chunk is too large.</source>
        <translation>PNG 文本块过大。</translation>
    </message>
    <message>
        <source>A PNG text chunk has a bad CRC.</source>
        <translation>PNG 文本块的 CRC 校验不符。</translation>
    </message>
    <message>
        <source>The PNG image carries no prediction.</source>
        <translation>该 PNG 图片不含任务数据。</translation>
    </message>
    <message>
        <source>The file is not a WebP image.</source>
        <translation>该文件不是 WebP 图片。</translation>
    </message>
    <message>
        <source>The WebP image is shorter than its header says.</source>
        <translation>WebP 图片比文件头声明的短。</translation>
    </message>
    <message>
        <source>The WebP image ends inside a chunk.</source>
        <translation>WebP 图片在数据块中途结束。</translation>
    </message>
    <message>
        <source>A WebP chunk runs past the end of the file.</source>
        <translation>WebP 数据块超出了文件末尾。</translation>
    </message>
    <message>
        <source>The WebP image has no chunks.</source>
        <translation>WebP 图片没有数据块。</translation>
    </message>
    <message>
        <source>The WebP image&apos;s VP8 header is broken.</source>
        <translation>WebP 图片的 VP8 头已损坏。</translation>
    </message>
    <message>
        <source>The WebP image&apos;s VP8L header is broken.</source>
        <translation>WebP 图片的 VP8L 头已损坏。</translation>
    </message>
    <message>
        <source>The WebP image starts with an unknown chunk.</source>
        <translation>WebP 图片以未知的数据块开头。</translation>
    </message>
    <message>
        <source>The WebP image has no size.</source>
        <translation>WebP 图片没有尺寸。</translation>
    </message>
    <message>
        <source>The WebP image&apos;s VP8X chunk is too short.</source>
        <translation>WebP 图片的 VP8X 数据块过短。</translation>
    </message>
    <message>
        <source>The WebP image would be too large.</source>
        <translation>WebP 图片将会过大。</translation>
    </message>
    <message>
        <source>The XMP packet is not well-formed XML.</source>
        <translation>XMP 数据包不是格式正确的 XML。</translation>
    </message>
    <message>
        <source>The XMP packet has no Replimon data.</source>
        <translation>XMP 数据包中没有 Replimon 的数据。</translation>
    </message>
</context>
<context>
    <name>OutputSaver</name>
    <message>
        <source>The files were saved, but the task database could not record them: %1</source>
        <translation>文件已保存，但无法记录到任务数据库：%1</translation>
    </message>
    <message>
        <source>(It could not be recorded on the task: %1)</source>
        <translation>（无法记录到任务上：%1）</translation>
    </message>
    <message>
        <source>It is saved again by itself as soon as there is room, until the server deletes it at %1.</source>
        <translation>一旦有了空间就会自动重新保存，直到服务器在 %1 删除它为止。</translation>
    </message>
</context>
<context>
    <name>Prediction</name>
    <message>
        <source>The server&apos;s answer is not JSON but an HTML page (often the error page of a proxy or web server): %1.</source>
        <translation>服务器返回的不是 JSON，而是一个 HTML 页面（通常是代理或 Web 服务器的错误页）：%1。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON (it looks like XML or HTML): %1.</source>
        <translation>服务器返回的不是 JSON（看起来像 XML 或 HTML）：%1。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not valid JSON (%1 at byte %2; it may have been cut off): %3.</source>
        <translation>服务器返回的不是有效的 JSON（%1，位于第 %2 字节；响应可能被截断了）：%3。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a prediction: it is a single JSON value, %1.</source>
        <translation>服务器返回的不是任务对象，而是单个 JSON 值：%1。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON: %1.</source>
        <translation>服务器返回的不是 JSON：%1。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a prediction: it is an empty JSON object.</source>
        <translation>服务器返回的不是任务对象，而是一个空的 JSON 对象。</translation>
    </message>
    <message>
        <source>it has no &quot;id&quot;/&quot;status&quot;</source>
        <translation>缺少 &quot;id&quot; 和 &quot;status&quot; 字段</translation>
    </message>
    <message>
        <source>it has no &quot;id&quot;</source>
        <translation>缺少 &quot;id&quot; 字段</translation>
    </message>
    <message>
        <source>its &quot;id&quot; is empty or not a string</source>
        <translation>&quot;id&quot; 为空或不是字符串</translation>
    </message>
    <message>
        <source>it has no &quot;status&quot;</source>
        <translation>缺少 &quot;status&quot; 字段</translation>
    </message>
    <message>
        <source>its &quot;status&quot; is not a string</source>
        <translation>&quot;status&quot; 不是字符串</translation>
    </message>
    <message>
        <source>it looks like an image-generation response</source>
        <translation>看起来像图像生成接口的响应</translation>
    </message>
    <message>
        <source>it looks like a page of the prediction list</source>
        <translation>看起来像任务列表的一页</translation>
    </message>
    <message>
        <source>it looks like an error message: %1</source>
        <translation>看起来像错误信息：%1</translation>
    </message>
    <message>
        <source>its keys are %1</source>
        <translation>其字段为 %1</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a prediction: %1 (%2).</source>
        <translation>服务器返回的不是任务对象：%1（%2）。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is empty.</source>
        <translation>服务器返回了空响应。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a prediction: it is a JSON list, not a single object.</source>
        <translation>服务器返回的不是任务对象：它是一个 JSON 列表，而不是单个对象。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a page of the prediction list: it is a single prediction.</source>
        <translation>服务器返回的不是任务列表的一页，而是单个任务。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a page of the prediction list: it has no &quot;results&quot; list.</source>
        <translation>服务器返回的不是任务列表的一页：缺少 &quot;results&quot; 列表。</translation>
    </message>
</context>
<context>
    <name>PredictionClient</name>
    <message>
        <source>No valid API address is configured.</source>
        <translation>尚未配置有效的 API 地址。</translation>
    </message>
    <message>
        <source>The server redirected to another address (%1); the request was not followed so that the API key stays with %2.</source>
        <translation>服务器重定向到了另一个地址（%1）；为确保 API 密钥只发给 %2，没有跟随该重定向。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is larger than %1 MB and was refused.</source>
        <translation>服务器的响应超过 %1 MB，已拒绝接收。</translation>
    </message>
    <message>
        <source>The server answered with another prediction (%1) than the one asked for.</source>
        <translation>服务器返回的任务（%1）与请求的不是同一个。</translation>
    </message>
    <message>
        <source>The server redirected from https to an insecure address (%1); the request was not followed so that the API key is never sent unencrypted.</source>
        <translation>服务器从 https 重定向到不安全的地址（%1）；为避免 API 密钥以明文发送，未跟随该重定向。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not valid HTTP.</source>
        <translation>服务器的应答不是有效的 HTTP。</translation>
    </message>
    <message>
        <source>The server redirected more than %1 times; the request was given up.</source>
        <translation>服务器重定向超过 %1 次，已放弃该请求。</translation>
    </message>
</context>
<context>
    <name>PredictionCreator</name>
    <message>
        <source>%1: %2 Retrying in %3.</source>
        <translation>%1：%2 %3 后重试。</translation>
    </message>
    <message>
        <source>%1 names neither its model nor a version, so it cannot be run again.</source>
        <translation>%1 既没有模型也没有版本，无法再次运行。</translation>
    </message>
    <message>
        <source>Rate limited by the server. Sending the create again in %1.</source>
        <translation>服务器限制了请求频率。%1 后再次发送创建请求。</translation>
    </message>
    <message>
        <source>The create&apos;s answer was lost: %1 Looking for the prediction it may have made…</source>
        <translation>创建请求的应答丢失了：%1 正在查找它可能已创建的预测…</translation>
    </message>
</context>
<context>
    <name>PredictionStreams</name>
    <message>
        <source>The stream URL did not answer with an event stream.</source>
        <translation>流地址没有以事件流应答。</translation>
    </message>
    <message>
        <source>The stream ended before the prediction did.</source>
        <translation>事件流在预测结束之前就断开了。</translation>
    </message>
</context>
<context>
    <name>PredictionTap</name>
    <message>
        <source>The answer is compressed as %1, which cannot be read for recording.</source>
        <translation>该应答以 %1 压缩，无法读取以进行记录。</translation>
    </message>
    <message>
        <source>The compressed answer could not be inflated for recording.</source>
        <translation>压缩的应答无法解压以进行记录。</translation>
    </message>
    <message>
        <source>The answer is larger than %1 bytes and was not recorded.</source>
        <translation>该应答大于 %1 字节，未被记录。</translation>
    </message>
</context>
<context>
    <name>PriceTable</name>
    <message>
        <source>The price table is not a JSON array: %1</source>
        <translation>价格表不是 JSON 数组：%1</translation>
    </message>
    <message>
        <source>Row %1 of the price table is incomplete or invalid.</source>
        <translation>价格表第 %1 行不完整或无效。</translation>
    </message>
    <message>
        <source>per image</source>
        <translation>每张图片</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>每秒</translation>
    </message>
    <message>
        <source>per run</source>
        <translation>每次运行</translation>
    </message>
</context>
<context>
    <name>PricesPage</name>
    <message>
        <source>Replicate&apos;s prices as checked on %1. A relay&apos;s prices are its own: add them here.</source>
        <translation>Replicate 的价格核对于 %1。中转服务的价格由其自定：请在此添加。</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>As predictions name it: owner/name</source>
        <translation>与预测中的名称一致：owner/name</translation>
    </message>
    <message>
        <source>A three-letter code: USD, CNY, EUR…</source>
        <translation>三个字母的代码：USD、CNY、EUR…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Restore Replimon&apos;s Defaults</source>
        <translation>恢复 Replimon 的默认值</translation>
    </message>
    <message>
        <source>Row %1 has no model: enter it as predictions name it (owner/name), or remove the row.</source>
        <translation>第 %1 行没有模型：请按预测中的名称（owner/name）填写，或移除此行。</translation>
    </message>
    <message>
        <source>Row %1 (%2): the price must be a number of 0 or more.</source>
        <translation>第 %1 行（%2）：价格必须是不小于 0 的数字。</translation>
    </message>
    <message>
        <source>Row %1 (%2): the currency must be a three-letter code such as USD or CNY.</source>
        <translation>第 %1 行（%2）：货币必须是 USD 或 CNY 这样的三个字母代码。</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>a newer version of Replimon (schema %1; this one reads up to %2)</source>
        <translation>更新版本的 Replimon（数据结构版本 %1；本版本最高只能读取 %2）</translation>
    </message>
    <message>
        <source>Replimon %1, which is newer than this one (%2)</source>
        <translation>更新的 Replimon %1（当前版本为 %2）</translation>
    </message>
    <message>
        <source>This task history was written by %1. It is open read-only: you can browse, filter and open saved files, but nothing is checked, downloaded, added or removed. Use that version to keep working with it.</source>
        <translation>此任务记录由 %1 写入，现以只读方式打开：可以浏览、筛选和打开已保存的文件，但不会查询状态、下载、添加或移除任何任务。如需继续使用这些记录，请使用该版本。</translation>
    </message>
    <message>
        <source>Not available: the task history was written by a newer Replimon and is open read-only.</source>
        <translation>不可用：此任务记录由更新版本的 Replimon 写入，现以只读方式打开。</translation>
    </message>
</context>
<context>
    <name>RemixActions</name>
    <message>
        <source>Run Again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <source>Remix…</source>
        <translation>改参数运行…</translation>
    </message>
    <message>
        <source>The same model with the same inputs, as a new prediction</source>
        <translation>用相同的模型和相同的输入创建一个新预测</translation>
    </message>
    <message>
        <source>Edit the inputs, then run as a new prediction</source>
        <translation>修改输入，然后作为新预测运行</translation>
    </message>
    <message>
        <source>%1 is no longer tracked.</source>
        <translation>%1 已不再跟踪。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Run a New Prediction?</source>
        <translation>运行新的预测？</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Another run is being sent; wait for it to finish.</source>
        <translation>另一个运行正在发送，请等它完成。</translation>
    </message>
    <message>
        <source>Running %1 again…</source>
        <translation>正在再次运行 %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 was created (its answer was lost, and it was found in the list).</source>
        <translation>已创建 %1（应答丢失，已在列表中找到）。</translation>
    </message>
    <message>
        <source>%1 was created.</source>
        <translation>已创建 %1。</translation>
    </message>
    <message>
        <source>The estimated cost is unknown.</source>
        <translation>预计费用未知。</translation>
    </message>
    <message>
        <source>The estimated cost is %1.</source>
        <translation>预计费用为 %1。</translation>
    </message>
    <message>
        <source>This sends a new prediction to %1, which charges for each run. %2

You are asked this once; Settings can ask again before every run.</source>
        <translation>这会向 %1 发送一个新的预测，每次运行都会收费。%2

此问题只问一次；可在设置中改为每次运行前都询问。</translation>
    </message>
</context>
<context>
    <name>RemixDialog</name>
    <message>
        <source>Remix %1</source>
        <translation>改参数运行 %1</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>服务商：</translation>
    </message>
    <message>
        <source>Estimated cost:</source>
        <translation>预计费用：</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Another run is being sent; wait for it to finish.</source>
        <translation>另一个运行正在发送，请等它完成。</translation>
    </message>
    <message>
        <source>The server refused the inputs (HTTP %1): %2</source>
        <translation>服务器拒绝了这些输入（HTTP %1）：%2</translation>
    </message>
    <message>
        <source>The server refused the inputs (HTTP %1): see the messages by the fields.</source>
        <translation>服务器拒绝了这些输入（HTTP %1）：请看各字段旁的说明。</translation>
    </message>
    <message>
        <source>The account has no balance left: make sure the API key has enough balance, then run again. (%1)</source>
        <translation>账户余额不足：请确认 API 密钥有足够余额，然后再运行。（%1）</translation>
    </message>
    <message>
        <source>The server refused the API key (HTTP %1). Check it in Settings.</source>
        <translation>服务器拒绝了 API 密钥（HTTP %1）。请在设置中检查。</translation>
    </message>
    <message>
        <source>Too many runs at once: the server asks to wait %1 before the next one.</source>
        <translation>运行太频繁：服务器要求等待 %1 后再运行下一个。</translation>
    </message>
    <message>
        <source>Too many runs at once: the server refused this one. Wait a little, then run again.</source>
        <translation>运行太频繁：服务器拒绝了这一个。请稍等后再运行。</translation>
    </message>
    <message>
        <source>The answer to the run was lost (%1), and no new prediction with these inputs was found in the provider&apos;s list: it may have been created all the same. Look for it before sending it again.</source>
        <translation>运行的应答丢失了（%1），且在服务商的列表中没有找到使用这些输入的新预测：它仍可能已被创建。再次发送前请先查找。</translation>
    </message>
    <message>
        <source>Send Again Anyway</source>
        <translation>仍然再次发送</translation>
    </message>
    <message>
        <source>The run could not be sent: %1</source>
        <translation>无法发送运行：%1</translation>
    </message>
    <message>
        <source>This provider cannot run it: %1</source>
        <translation>此服务商无法运行它：%1</translation>
    </message>
</context>
<context>
    <name>RemixInputsForm</name>
    <message>
        <source>Random (leave empty for a new seed)</source>
        <translation>随机（留空则使用新的种子）</translation>
    </message>
    <message>
        <source>Edited as JSON</source>
        <translation>以 JSON 编辑</translation>
    </message>
    <message>
        <source>The image sent with the source (%1)</source>
        <translation>随原任务发送的图像（%1）</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Send a local image with the request (up to %1)</source>
        <translation>随请求发送本地图像（最大 %1）</translation>
    </message>
    <message>
        <source>Input Image</source>
        <translation>输入图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif);;All Files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.webp *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Output of…</source>
        <translation>其他任务的输出…</translation>
    </message>
    <message>
        <source>Use another task&apos;s output</source>
        <translation>使用另一个任务的输出</translation>
    </message>
    <message>
        <source>No task has an output to use</source>
        <translation>没有可用输出的任务</translation>
    </message>
    <message>
        <source>%1 is %2: images sent with the request are limited to %3, since they travel inside it as text. Make it smaller, or give a URL to it.</source>
        <translation>%1 大小为 %2：随请求发送的图像以文本形式放在请求里，上限为 %3。请缩小图像，或给出它的 URL。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>没有这个文件</translation>
    </message>
    <message>
        <source>%1 (%2), sent with the request</source>
        <translation>%1（%2），随请求发送</translation>
    </message>
    <message>
        <source>Over %1: a server may refuse a request this large.</source>
        <translation>超过 %1：服务器可能拒绝这么大的请求。</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>不是有效的 JSON：%1</translation>
    </message>
</context>
<context>
    <name>ReplyErrors</name>
    <message>
        <source>The request was canceled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is too large.</source>
        <translation>服务器的响应过大。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>服务器响应超时。</translation>
    </message>
    <message>
        <source>The server refused the connection.</source>
        <translation>服务器拒绝了连接。</translation>
    </message>
    <message>
        <source>The connection was closed before the answer was complete.</source>
        <translation>响应尚未接收完整，连接就被关闭了。</translation>
    </message>
    <message>
        <source>The server&apos;s name could not be resolved.</source>
        <translation>无法解析服务器的域名。</translation>
    </message>
    <message>
        <source>A secure connection could not be established.</source>
        <translation>无法建立安全连接。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted (%1). The connection was closed before anything was sent.</source>
        <translation>服务器证书不受信任（%1）。连接已在发送任何内容之前关闭。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>服务商(&amp;P)：</translation>
    </message>
    <message>
        <source>API &amp;address:</source>
        <translation>API 地址(&amp;A)：</translation>
    </message>
    <message>
        <source>https://example.com/v1</source>
        <translation>https://example.com/v1</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Paste your API key</source>
        <translation>粘贴您的 API 密钥</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>&amp;Remove Key</source>
        <translation>移除密钥(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Polling</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>&amp;Check active predictions every:</source>
        <translation>进行中任务的检查间隔(&amp;C)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;Requests at the same time:</source>
        <translation>同时发送的请求数(&amp;R)：</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Download outputs as soon as a prediction succeeds</source>
        <translation>任务成功后立即下载输出(&amp;D)</translation>
    </message>
    <message>
        <source>The service deletes outputs about an hour after a prediction completes.</source>
        <translation>服务会在任务完成约一小时后删除输出。</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>&amp;Notify me when a prediction finishes</source>
        <translation>任务结束时通知我(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The demo server is starting…</source>
        <translation>演示服务器正在启动…</translation>
    </message>
    <message>
        <source>The address requests go to, up to and including the version, for example https://api.replicate.com/v1</source>
        <translation>请求发送到的地址，包含版本号在内，例如 https://api.replicate.com/v1</translation>
    </message>
    <message>
        <source>The demo server needs no key.</source>
        <translation>演示服务器不需要密钥。</translation>
    </message>
    <message>
        <source>From the environment (%1); it overrides any saved key. Unset it to use a saved key.</source>
        <translation>来自环境变量（%1），它会覆盖已保存的密钥。如需使用已保存的密钥，请取消设置该变量。</translation>
    </message>
    <message>
        <source>No key for %1.</source>
        <translation>%1 尚无密钥。</translation>
    </message>
    <message>
        <source>The saved key will be removed when you press OK.</source>
        <translation>点击“确定”后将移除已保存的密钥。</translation>
    </message>
    <message>
        <source>The key will be saved when you press OK.</source>
        <translation>点击“确定”后将保存该密钥。</translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation>正在读取密钥环…</translation>
    </message>
    <message>
        <source>Used for this session only; it is not saved.</source>
        <translation>仅在本次运行期间使用，不会保存。</translation>
    </message>
    <message>
        <source>Saved in the system keychain.</source>
        <translation>已保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Saved unencrypted in %1.</source>
        <translation>已以未加密形式保存在 %1 中。</translation>
    </message>
    <message>
        <source>No key saved for %1.</source>
        <translation>尚未保存 %1 的密钥。</translation>
    </message>
    <message>
        <source>Not needed for the demo</source>
        <translation>演示模式无需密钥</translation>
    </message>
    <message>
        <source>The key comes from %1; unset that variable to remove it.</source>
        <translation>该密钥来自 %1；取消设置该变量即可移除。</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Hide the key</source>
        <translation>隐藏密钥</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>The demo server is not running.</source>
        <translation>演示服务器未在运行。</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
    <message>
        <source>Connected to the demo server.</source>
        <translation>已连接到演示服务器。</translation>
    </message>
    <message>
        <source>Connected: the key was accepted.</source>
        <translation>连接成功：密钥有效。</translation>
    </message>
    <message>
        <source>The server wants an API key: %1</source>
        <translation>服务器要求提供 API 密钥：%1</translation>
    </message>
    <message>
        <source>The key was rejected: %1</source>
        <translation>密钥被拒绝：%1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <source>Could not reach the server: %1</source>
        <translation>无法连接到服务器：%1</translation>
    </message>
    <message numerus="yes">
        <source>The server is limiting requests right now; try again in %n second(s).</source>
        <translation>
            <numerusform>服务器当前正在限制请求，请在 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>The server is limiting requests right now; try again in a moment.</source>
        <translation>服务器当前正在限制请求，请稍后重试。</translation>
    </message>
    <message>
        <source>The server had a problem (%1); try again later.</source>
        <translation>服务器出现问题（%1），请稍后重试。</translation>
    </message>
    <message>
        <source>Unexpected answer; is the API address right? %1</source>
        <translation>收到意外的响应，API 地址是否正确？%1</translation>
    </message>
    <message>
        <source>Download Folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <source>No Keychain Available</source>
        <translation>没有可用的密钥环</translation>
    </message>
    <message>
        <source>There is no system keychain to keep your API key in.</source>
        <translation>系统中没有可用于保存 API 密钥的密钥环。</translation>
    </message>
    <message>
        <source>Replimon can keep the key unencrypted in its settings file, readable only by your user account:
%1

Otherwise the key is used until you quit and you will have to enter it again next time.</source>
        <translation>Replimon 可以把密钥以未加密形式保存在它的设置文件中，该文件只有您的用户账户可以读取：
%1

否则，密钥只在退出前有效，下次需要重新输入。</translation>
    </message>
    <message>
        <source>Keep Unencrypted</source>
        <translation>不加密保存</translation>
    </message>
    <message>
        <source>This Session Only</source>
        <translation>仅本次使用</translation>
    </message>
    <message>
        <source>Key Not Saved</source>
        <translation>密钥未保存</translation>
    </message>
    <message>
        <source>The API key could not be saved; it is used for this session only.</source>
        <translation>无法保存 API 密钥，它只会在本次运行期间使用。</translation>
    </message>
    <message>
        <source>&amp;Start Replimon when I log in</source>
        <translation>登录时启动 Replimon(&amp;S)</translation>
    </message>
    <message>
        <source>Replimon starts in the tray, ready to watch and capture predictions.</source>
        <translation>Replimon 将在托盘中启动，随时查看和捕获预测任务。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>捕获</translation>
    </message>
    <message>
        <source>&amp;Embed the prediction in saved files</source>
        <translation>在保存的文件中嵌入任务数据(&amp;E)</translation>
    </message>
    <message>
        <source>Saved images carry their prompt, parameters and the whole prediction, readable by other tools and by Replimon.</source>
        <translation>保存的图片会带上提示词、参数和完整的任务数据，其他工具和 Replimon 都能读取。</translation>
    </message>
    <message>
        <source>Also write a .&amp;json beside each file</source>
        <translation>同时在每个文件旁写入 .json 文件(&amp;J)</translation>
    </message>
    <message>
        <source>As&amp;k before Run Again and Remix send a new prediction</source>
        <translation>再次运行和改参数运行发送新预测前询问(&amp;K)</translation>
    </message>
    <message>
        <source>The provider charges for each run. Answering the question once turns it off.</source>
        <translation>服务商按每次运行收费。回答一次该问题后即关闭。</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Another start of Replimon holds %1.</source>
        <translation>另一个正在启动的 Replimon 占用了 %1。</translation>
    </message>
</context>
<context>
    <name>StarActions</name>
    <message>
        <source>Star</source>
        <translation>加星标</translation>
    </message>
    <message>
        <source>Star the selected tasks (or unstar them when all are starred): a starred task&apos;s outputs are always saved</source>
        <translation>为所选任务加星标（若已全部加星标则取消）：加星标任务的输出总会被保存</translation>
    </message>
    <message>
        <source>The star could not be saved: %1</source>
        <translation>无法保存星标：%1</translation>
    </message>
    <message numerus="yes">
        <source>Unstarred %n task(s)</source>
        <translation>
            <numerusform>已取消 %n 个任务的星标</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Starred %n task(s): their outputs are always saved</source>
        <translation>
            <numerusform>已为 %n 个任务加星标：其输出总会被保存</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskCreator</name>
    <message>
        <source>%1 is no longer tracked.</source>
        <translation>%1 已不再跟踪。</translation>
    </message>
    <message>
        <source>%1 was created, but it could not be tracked: %2</source>
        <translation>%1 已创建，但无法跟踪：%2</translation>
    </message>
    <message>
        <source>%1 was created, but its link to %2 could not be stored: %3</source>
        <translation>%1 已创建，但无法保存它与 %2 的关联：%3</translation>
    </message>
</context>
<context>
    <name>TaskDetailPane</name>
    <message>
        <source>Select a prediction to see its prompt, images and logs.</source>
        <translation>选择一个任务，即可查看其提示词、图片和日志。</translation>
    </message>
</context>
<context>
    <name>TaskHeaderSection</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the prediction id</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <source>Open Web Page</source>
        <translation>打开网页</translation>
    </message>
    <message>
        <source>Open the prediction on the provider&apos;s website</source>
        <translation>在服务商网站上打开该任务</translation>
    </message>
    <message>
        <source>Cancel Prediction</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Ask the provider to stop this prediction</source>
        <translation>请求服务商停止该任务</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Fetch this prediction again now</source>
        <translation>立即重新获取该任务</translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation>服务商：%1</translation>
    </message>
    <message>
        <source>Unknown model</source>
        <translation>未知模型</translation>
    </message>
    <message>
        <source>version unknown</source>
        <translation>版本未知</translation>
    </message>
    <message>
        <source>version hidden</source>
        <translation>版本已隐藏</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>provider %1</source>
        <translation>服务商 %1</translation>
    </message>
    <message>
        <source>This provider does not support canceling predictions.</source>
        <translation>该服务商不支持取消任务。</translation>
    </message>
</context>
<context>
    <name>TaskImagesSection</name>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Save Output</source>
        <translation>保存输出</translation>
    </message>
    <message>
        <source>Download the outputs into the download folder</source>
        <translation>把输出下载到下载文件夹</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop saving; nothing half-written is left behind</source>
        <translation>停止保存，不会留下写了一半的文件</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the saved file</source>
        <translation>打开已保存的文件</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Open the folder with the saved file</source>
        <translation>打开已保存文件所在的文件夹</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Output %1 of %2</source>
        <translation>输出 %1/%2</translation>
    </message>
    <message>
        <source>%1 · saved</source>
        <translation>%1 · 已保存</translation>
    </message>
    <message>
        <source>Output (saved copy)</source>
        <translation>输出（已保存的副本）</translation>
    </message>
    <message>
        <source>Output %1 (saved copy)</source>
        <translation>输出 %1（已保存的副本）</translation>
    </message>
    <message>
        <source>Save Again</source>
        <translation>再次保存</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Saving to %1…</source>
        <translation>正在保存到 %1…</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
    <message>
        <source>Saved as %1 in %2</source>
        <translation>已保存为 %1，位于 %2</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n files in %1</source>
        <translation>
            <numerusform>已在 %1 中保存 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>The saved files are no longer on disk.</source>
        <translation>已保存的文件已不在磁盘上。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>(the prediction is embedded)</source>
        <translation>（已嵌入任务数据）</translation>
    </message>
    <message>
        <source>(without the prediction inside)</source>
        <translation>（未嵌入任务数据）</translation>
    </message>
    <message>
        <source>(the prediction is embedded in %1 of %2)</source>
        <translation>（%2 个文件中有 %1 个嵌入了任务数据）</translation>
    </message>
    <message>
        <source>Before / After</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <source>The input image and the output under a divider you drag</source>
        <translation>输入图片与输出叠放，中间有可拖动的分隔线</translation>
    </message>
</context>
<context>
    <name>TaskInputsSection</name>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入参数</translation>
    </message>
</context>
<context>
    <name>TaskLogsSection</name>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>No logs.</source>
        <translation>没有日志。</translation>
    </message>
    <message>
        <source>Not fetched yet.</source>
        <translation>尚未获取。</translation>
    </message>
</context>
<context>
    <name>TaskNoticesSection</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>The prediction failed</source>
        <translation>任务失败</translation>
    </message>
    <message>
        <source>The server gave no reason.</source>
        <translation>服务器没有给出原因。</translation>
    </message>
    <message>
        <source>The last request failed: %1</source>
        <translation>上一次请求失败：%1</translation>
    </message>
    <message>
        <source>The server has deleted this prediction&apos;s outputs and logs (they are kept for a limited time after completion).</source>
        <translation>服务器已删除该任务的输出和日志（它们在任务完成后只保留一段时间）。</translation>
    </message>
    <message>
        <source>No copy was saved.</source>
        <translation>没有保存副本。</translation>
    </message>
    <message>
        <source>The copies saved on this computer are shown below.</source>
        <translation>下面显示的是保存在本机上的副本。</translation>
    </message>
    <message numerus="yes">
        <source>in %n hour(s)</source>
        <translation>
            <numerusform>%n 小时后</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n min</source>
        <translation>
            <numerusform>%n 分钟后</numerusform>
        </translation>
    </message>
    <message>
        <source>Outputs expire at %1 (%2). Save them to keep them.</source>
        <translation>输出将于 %1（%2）过期，如需保留请及时保存。</translation>
    </message>
    <message>
        <source>Outputs were due to expire at %1: they may already be gone.</source>
        <translation>输出原定于 %1 过期，现在可能已被删除。</translation>
    </message>
</context>
<context>
    <name>TaskRemixSection</name>
    <message>
        <source>Run Again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <source>The same model with the same inputs, as a new prediction</source>
        <translation>用相同的模型和相同的输入创建一个新预测</translation>
    </message>
    <message>
        <source>Remix…</source>
        <translation>改参数运行…</translation>
    </message>
    <message>
        <source>Edit the inputs, then run as a new prediction</source>
        <translation>修改输入，然后作为新预测运行</translation>
    </message>
    <message>
        <source>Remix of %1</source>
        <translation>改参数自 %1</translation>
    </message>
    <message>
        <source>Remixed as %1</source>
        <translation>已改参数运行为 %1</translation>
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message>
        <source>%1 (+%2)</source>
        <translation>%1（另有 %2 个）</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>remote (%1)</source>
        <translation>远程（%1 个）</translation>
    </message>
    <message>
        <source>%1 (provider: %2)</source>
        <translation>%1（服务商：%2）</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Started %1
Completed %2</source>
        <translation>开始于 %1
完成于 %2</translation>
    </message>
    <message>
        <source>The service has deleted this prediction&apos;s outputs.</source>
        <translation>服务已删除该任务的输出。</translation>
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
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Run time</source>
        <translation>运行时长</translation>
    </message>
    <message>
        <source>Predict time</source>
        <translation>推理时长</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近的错误</translation>
    </message>
    <message>
        <source>From start to completion</source>
        <translation>从开始到完成</translation>
    </message>
    <message>
        <source>Time the model spent predicting, as the service reports it</source>
        <translation>模型推理所用的时间（由服务报告）</translation>
    </message>
    <message>
        <source>The saved file, or the outputs still on the service</source>
        <translation>已保存的文件，或仍在服务上的输出</translation>
    </message>
    <message>
        <source>remote (%1), probably expired</source>
        <translation>远程（%1 个），可能已过期</translation>
    </message>
    <message>
        <source>remote (%1), expires %2</source>
        <translation>远程（%1 个），%2 过期</translation>
    </message>
    <message>
        <source>Not saved: the service deletes these outputs at %1.</source>
        <translation>尚未保存：服务端将在 %1 删除这些输出。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Captured: made or polled by your code through the capture endpoint</source>
        <translation>已捕获：由你的代码通过捕获端点创建或查询</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>What the prediction cost at the prices of Settings → Prices</source>
        <translation>按“设置 → 价格”中的价格计算的预测费用</translation>
    </message>
    <message>
        <source>Starred (S): their outputs are always saved</source>
        <translation>已加星标（S）：其输出总会被保存</translation>
    </message>
</context>
<context>
    <name>TaskTimesSection</name>
    <message>
        <source>Times</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Queue time</source>
        <translation>排队时长</translation>
    </message>
    <message>
        <source>Run time</source>
        <translation>运行时长</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>%1 so far</source>
        <translation>已进行 %1</translation>
    </message>
    <message>
        <source>never started</source>
        <translation>未曾开始</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
</context>
<context>
    <name>ThumbnailStore</name>
    <message>
        <source>No thumbnail can be made of %1: an earlier try failed and the file has not changed since.</source>
        <translation>无法为 %1 生成缩略图：之前的尝试已失败，且该文件此后未被修改。</translation>
    </message>
    <message>
        <source>The saved file %1 no longer exists.</source>
        <translation>已保存的文件 %1 已不存在。</translation>
    </message>
    <message>
        <source>The output is text, not an image.</source>
        <translation>该输出是文本，不是图像。</translation>
    </message>
    <message>
        <source>This output was not saved and the server no longer has it.</source>
        <translation>该输出未被保存，服务器上也已不再保留。</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>Show Replimon</source>
        <translation>显示 Replimon</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Prediction succeeded</source>
        <translation>任务成功</translation>
    </message>
    <message>
        <source>Prediction failed</source>
        <translation>任务失败</translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) succeeded</source>
        <translation>
            <numerusform>%n 个任务成功</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) failed</source>
        <translation>
            <numerusform>%n 个任务失败</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) finished: %1 succeeded, %2 failed</source>
        <translation>
            <numerusform>%n 个任务已结束：%1 个成功，%2 个失败</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replimon: %n active</source>
        <translation>
            <numerusform>Replimon：%n 个进行中</numerusform>
        </translation>
    </message>
    <message>
        <source>Replimon: nothing running</source>
        <translation>Replimon：没有进行中的任务</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>UpstreamConnection</name>
    <message>
        <source>The upstream&apos;s answer is not valid HTTP (%1).</source>
        <translation>上游服务器的应答不是有效的 HTTP（%1）。</translation>
    </message>
    <message>
        <source>The upstream closed the connection before its answer was complete.</source>
        <translation>上游服务器在应答完成之前关闭了连接。</translation>
    </message>
    <message>
        <source>The upstream sent nothing for %1 s.</source>
        <translation>上游服务器 %1 秒内没有发送任何内容。</translation>
    </message>
</context>
<context>
    <name>UsageActions</name>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Usage…</source>
        <translation>用量(&amp;U)…</translation>
    </message>
    <message>
        <source>Spend, images, failures and run times over the last 30 days, for the tasks shown</source>
        <translation>所显示任务最近 30 天的花费、图片、失败与运行时间</translation>
    </message>
</context>
<context>
    <name>UsageCharts</name>
    <message>
        <source>(no model)</source>
        <translation>（无模型）</translation>
    </message>
    <message>
        <source>Spend per day (no prices known)</source>
        <translation>每日花费（无已知价格）</translation>
    </message>
    <message>
        <source>Spend per day (%1)</source>
        <translation>每日花费（%1）</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>花费</translation>
    </message>
    <message>
        <source>Spend (%1)</source>
        <translation>花费（%1）</translation>
    </message>
    <message>
        <source>Images per day</source>
        <translation>每日图片数</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片数</translation>
    </message>
    <message>
        <source>Succeeded and failed per day</source>
        <translation>每日成功与失败</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed, canceled or aborted</source>
        <translation>失败、已取消或已中止</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>任务数</translation>
    </message>
    <message>
        <source>Median run time per model</source>
        <translation>各模型运行时间中位数</translation>
    </message>
    <message>
        <source>Median run time</source>
        <translation>运行时间中位数</translation>
    </message>
    <message>
        <source>@value s</source>
        <translation>@value 秒</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>UsageView</name>
    <message>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>&amp;Currency:</source>
        <translation>货币(&amp;C)：</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>另存为 PNG…</translation>
    </message>
    <message>
        <source>Save the charts as they are shown as a PNG image</source>
        <translation>将当前显示的图表保存为 PNG 图片</translation>
    </message>
    <message numerus="yes">
        <source>No predictions in the last %n day(s) among those the table shows.</source>
        <translation>
            <numerusform>最近 %n 天内没有表格所显示的任务。</numerusform>
        </translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message numerus="yes">
        <source>%1 to %2: %n prediction(s) that the table shows</source>
        <translation>
            <numerusform>%1 至 %2：表格所显示的 %n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>spent %1</source>
        <translation>花费 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n without a price (not in the spend)</source>
        <translation>
            <numerusform>%n 项没有价格（未计入花费）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not ended yet</source>
        <translation>
            <numerusform>%n 项尚未结束</numerusform>
        </translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>The charts could not be made into a PNG image: %1</source>
        <translation>无法将图表生成为 PNG 图片：%1</translation>
    </message>
    <message>
        <source>The charts could not be saved: %1</source>
        <translation>无法保存图表：%1</translation>
    </message>
    <message>
        <source>Save Usage Charts</source>
        <translation>保存用量图表</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Save as PNG</source>
        <translation>另存为 PNG</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>ViewModeSwitch</name>
    <message>
        <source>Thumbnails: %1 px</source>
        <translation>缩略图：%1 像素</translation>
    </message>
    <message>
        <source>&amp;Table</source>
        <translation>表格(&amp;T)</translation>
    </message>
    <message>
        <source>Show the tasks as a table (Ctrl+1)</source>
        <translation>以表格显示任务 (Ctrl+1)</translation>
    </message>
    <message>
        <source>&amp;Gallery</source>
        <translation>图库(&amp;G)</translation>
    </message>
    <message>
        <source>Show the tasks&apos; outputs as thumbnails (Ctrl+2)</source>
        <translation>以缩略图显示任务的输出 (Ctrl+2)</translation>
    </message>
    <message>
        <source>Thumbnail size (Ctrl+wheel over the gallery)</source>
        <translation>缩略图大小（在图库上按住 Ctrl 滚动滚轮）</translation>
    </message>
</context>
<context>
    <name>ZoomBar</name>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Fit to window (F)</source>
        <translation>适应窗口大小 (F)</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Actual size (1)</source>
        <translation>实际大小 (1)</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>缩小 (-)</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Watch Replicate predictions and keep their outputs.</source>
        <translation>跟踪 Replicate 任务并保存其输出。</translation>
    </message>
    <message>
        <source>Run on demo data from a local simulator (no API key needed).</source>
        <translation>使用本地模拟器提供的演示数据运行（无需 API 密钥）。</translation>
    </message>
    <message>
        <source>Track these prediction ids or links.</source>
        <translation>跟踪这些任务 ID 或链接。</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Prediction ids or links to add.</source>
        <translation>要添加的任务 ID 或链接。</translation>
    </message>
    <message>
        <source>Replimon is already running but does not answer.</source>
        <translation>Replimon 已在运行，但没有响应。</translation>
    </message>
    <message>
        <source>Start in the system tray, without opening the window (as at login).</source>
        <translation>在系统托盘中启动，不打开窗口（与登录时启动相同）。</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Turn on the capture endpoint at this port for this run, without saving it.</source>
        <translation>本次运行在此端口开启捕获端点，不保存该设置。</translation>
    </message>
</context>
</TS>
