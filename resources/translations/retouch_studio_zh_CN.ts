<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BeforeAfterView</name>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Zoom. Double-click the picture for fit or 100 %.</source>
        <translation>缩放比例。双击图片可在适合窗口与 100% 之间切换。</translation>
    </message>
    <message>
        <source>Original and result side by side</source>
        <translation>原图与结果并排</translation>
    </message>
    <message>
        <source>Original picture</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>The picture to edit. Scroll or use the zoom keys; drag to pan.</source>
        <translation>要修改的图片。滚动滚轮或用缩放快捷键缩放，拖动可平移。</translation>
    </message>
    <message>
        <source>Result picture</source>
        <translation>结果图</translation>
    </message>
    <message>
        <source>The edited picture. Hold {key} to see the original here.</source>
        <translation>修改后的图片。按住 {key} 可在此处查看原图。</translation>
    </message>
    <message>
        <source>Difference between original and result</source>
        <translation>原图与结果的差异</translation>
    </message>
    <message>
        <source>The result with the areas the edit changed highlighted</source>
        <translation>结果图，修改过的区域已高亮</translation>
    </message>
    <message>
        <source>Drop a picture here
or paste ({paste}) or open one ({open})</source>
        <translation>把图片拖到这里
或粘贴（{paste}）、打开（{open}）一张图片</translation>
    </message>
    <message>
        <source>The result appears here</source>
        <translation>结果会显示在这里</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>changed areas</source>
        <translation>修改区域</translation>
    </message>
    <message>
        <source>shown while held</source>
        <translation>按住时显示</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>The difference appears once there is a result</source>
        <translation>有了结果之后才会显示差异</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在对比…</translation>
    </message>
    <message>
        <source>No difference map yet</source>
        <translation>还没有差异图</translation>
    </message>
    <message>
        <source>No visible change</source>
        <translation>没有明显变化</translation>
    </message>
    <message>
        <source>Less than 1 % of the picture changed</source>
        <translation>画面改动不到 1%</translation>
    </message>
    <message>
        <source>{percent} % of the picture changed</source>
        <translation>画面改动了 {percent}%</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Preparing the picture</source>
        <translation>正在准备图片</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Waiting for the model</source>
        <translation>正在等待模型</translation>
    </message>
    <message>
        <source>Downloading the result</source>
        <translation>正在下载结果</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>error: {message}</source>
        <translation>错误：{message}</translation>
    </message>
    <message>
        <source>reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>warning: {warning}</source>
        <translation>提示：{warning}</translation>
    </message>
    <message>
        <source>asked for {asked}, the model returned {sizes}</source>
        <translation>要求的比例是 {asked}，模型返回的尺寸是 {sizes}</translation>
    </message>
    <message>
        <source>Interrupted; nothing was saved from this job.</source>
        <translation>已中断，本次任务没有保存任何内容。</translation>
    </message>
    <message>
        <source>No API token is set. Set RETOUCH_API_KEY, save one with “retouch-studio token set”, or add --demo to try the offline demo provider.</source>
        <translation>还没有设置 API 密钥。请设置环境变量 RETOUCH_API_KEY、用“retouch-studio token set”保存一个密钥，或加上 --demo 试用离线演示服务商。</translation>
    </message>
    <message>
        <source>The provider did not accept your API token. See which one is used with “retouch-studio token status”; save another with “retouch-studio token set”.</source>
        <translation>服务商不接受你的 API 密钥。用“retouch-studio token status”查看正在使用哪个密钥，用“retouch-studio token set”保存另一个。</translation>
    </message>
    <message>
        <source>This token cannot use the chosen model. Choose another with --model, or check your provider plan.</source>
        <translation>这个密钥无法使用所选模型。请用 --model 换一个模型，或查看你的服务商套餐。</translation>
    </message>
    <message>
        <source>The provider address does not answer like an image relay (HTTP 404). Check --base-url.</source>
        <translation>这个服务商地址的响应不像图片中转服务（HTTP 404）。请检查 --base-url。</translation>
    </message>
    <message>
        <source>The provider says the request is too large. Scale the picture down and try again.</source>
        <translation>服务商说请求太大。请把图片缩小后再试。</translation>
    </message>
    <message>
        <source>The provider&apos;s server had a problem (HTTP {status}). Nothing was saved; run the command again in a moment.</source>
        <translation>服务商的服务器出了问题（HTTP {status}），没有保存任何内容。请稍后再运行一次命令。</translation>
    </message>
    <message>
        <source>Cannot reach the provider at {host}. Check your internet connection and --base-url.</source>
        <translation>无法访问服务商 {host}。请检查网络连接和 --base-url。</translation>
    </message>
    <message>
        <source>The provider did not answer within {seconds} seconds. The model may be overloaded; try again later or allow more time with --timeout.</source>
        <translation>服务商在 {seconds} 秒内没有回应，模型可能负载过高。请稍后再试，或用 --timeout 放宽等待时间。</translation>
    </message>
    <message>
        <source>Say what to change with --prompt.</source>
        <translation>请用 --prompt 说明要修改什么。</translation>
    </message>
    <message>
        <source>The connection to the provider failed. Check your internet connection, the proxy and --base-url.</source>
        <translation>无法连接到服务商。请检查网络连接、代理和 --base-url。</translation>
    </message>
</context>
<context>
    <name>CompareModeSwitch</name>
    <message>
        <source>Comparison mode</source>
        <translation>对比方式</translation>
    </message>
    <message>
        <source>Side by side, split or difference; {keys} switches</source>
        <translation>并排、分割或差异；按 {keys} 切换</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Original and result next to each other</source>
        <translation>原图与结果左右并排</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>One picture, divided between original and result</source>
        <translation>同一画面，一边原图一边结果</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Highlight what the edit changed</source>
        <translation>高亮显示修改过的地方</translation>
    </message>
</context>
<context>
    <name>CreationWiring</name>
    <message>
        <source>No picture: the result is made from the prompt only</source>
        <translation>没有图片：结果仅根据提示词生成</translation>
    </message>
</context>
<context>
    <name>EditPanel</name>
    <message>
        <source>Picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>What to change</source>
        <translation>要修改什么</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <source>No picture yet</source>
        <translation>还没有图片</translation>
    </message>
    <message>
        <source>All pictures in one request, as references</source>
        <translation>所有图片放进一次请求，作为参考图</translation>
    </message>
    <message>
        <source>All pictures in one request</source>
        <translation>所有图片放进一次请求</translation>
    </message>
    <message>
        <source>Send up to 4 pictures together so the model combines them; unchecked, each picture is its own job</source>
        <translation>最多 4 张图片一起发送，由模型综合处理；不勾选时，每张图片单独生成一个任务</translation>
    </message>
    <message>
        <source>&amp;Variations:</source>
        <translation>变体数量(&amp;V)：</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>变体数量</translation>
    </message>
    <message>
        <source>Run the same picture and prompt this many times</source>
        <translation>用同一张图片和提示词运行这么多次</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创作</translation>
    </message>
    <message>
        <source>Create a picture from the prompt</source>
        <translation>根据提示词创作图片</translation>
    </message>
    <message>
        <source>No picture is loaded: the model creates one from the prompt</source>
        <translation>未载入图片：模型将根据提示词创作一张</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run the edit</source>
        <translation>运行修改</translation>
    </message>
    <message>
        <source>Send the picture and the prompt to the model ({keys})</source>
        <translation>把图片和提示词发送给模型（{keys}）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the edit</source>
        <translation>取消修改</translation>
    </message>
    <message>
        <source>Stop the running edit ({keys})</source>
        <translation>停止正在进行的修改（{keys}）</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error title</source>
        <translation>错误标题</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Reason given by the service</source>
        <translation>服务商给出的原因</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Show technical details</source>
        <translation>显示技术细节</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Run the same edit again</source>
        <translation>再运行一次同样的修改</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>隐藏这条消息</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>技术细节</translation>
    </message>
    <message>
        <source>What went wrong in technical terms, for a bug report</source>
        <translation>出错的技术细节，可用于反馈问题</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>“{reason}”</source>
        <translation>“{reason}”</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>This picture or setting can&apos;t be used. Check it and try again.</source>
        <translation>这张图片或这项设置无法使用。请检查后再试。</translation>
    </message>
    <message>
        <source>The provider did not accept the API token. Check the token in Settings.</source>
        <translation>服务商不接受这个 API 密钥。请在“设置”中检查密钥。</translation>
    </message>
    <message>
        <source>Your provider account is out of credit. Top it up on the provider&apos;s site, then try again.</source>
        <translation>服务商账户余额不足。请到服务商网站充值后再试。</translation>
    </message>
    <message>
        <source>This token cannot use the chosen model. Pick another model in Settings or check your provider plan.</source>
        <translation>这个密钥无法使用所选模型。请在“设置”中换一个模型，或查看你的服务商套餐。</translation>
    </message>
    <message>
        <source>The provider is busy right now. Wait a moment and try again.</source>
        <translation>服务商现在很忙。请稍等片刻再试。</translation>
    </message>
    <message>
        <source>The provider did not return an image. Its reason is shown below; change the prompt or try again.</source>
        <translation>服务商没有返回图片，原因见下方。请修改提示词或重试。</translation>
    </message>
    <message>
        <source>The provider had a problem with this request. Nothing was saved; try again in a moment.</source>
        <translation>服务商处理这次请求时出了问题，没有保存任何内容。请稍后重试。</translation>
    </message>
    <message>
        <source>The connection to the provider failed. Check your internet connection, the proxy and the base URL in Settings.</source>
        <translation>无法连接到服务商。请检查网络连接、代理，以及“设置”中的接口地址。</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read. Nothing was saved; try again.</source>
        <translation>无法读取服务商的回复，没有保存任何内容。请重试。</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was saved from this job.</source>
        <translation>已取消，本次任务没有保存任何内容。</translation>
    </message>
    <message>
        <source>Retouch Studio can&apos;t find “{name}”. It may have been moved, renamed or deleted.</source>
        <translation>找不到“{name}”。它可能已被移动、重命名或删除。</translation>
    </message>
    <message>
        <source>“{name}” is a folder, not an image.</source>
        <translation>“{name}”是文件夹，不是图片。</translation>
    </message>
    <message>
        <source>Retouch Studio isn&apos;t allowed to read “{name}”. Check its permissions.</source>
        <translation>没有权限读取“{name}”。请检查它的访问权限。</translation>
    </message>
    <message>
        <source>Retouch Studio couldn&apos;t open “{name}”.</source>
        <translation>无法打开“{name}”。</translation>
    </message>
    <message>
        <source>“{name}” is empty (0 bytes), so there is no picture in it.</source>
        <translation>“{name}”是空文件（0 字节），里面没有图片。</translation>
    </message>
    <message>
        <source>“{name}” is not an image Retouch Studio can read. Use a JPEG, PNG, WebP, HEIC, AVIF, PSD, TIFF, BMP or GIF file.</source>
        <translation>“{name}”不是可以读取的图片。请使用 JPEG、PNG、WebP、HEIC、AVIF、PSD、TIFF、BMP 或 GIF 文件。</translation>
    </message>
    <message>
        <source>“{name}” is a Photoshop document saved without a flattened picture. In Photoshop, turn on Preferences › File Handling › Maximize PSD Compatibility and save it again, or export it as PNG.</source>
        <translation>“{name}”是未存储合并图像的 Photoshop 文档。请在 Photoshop 中打开“首选项 › 文件处理 › 最大兼容 PSD 文件”后重新存储，或导出为 PNG。</translation>
    </message>
    <message>
        <source>“{name}” is in a format Retouch Studio can&apos;t read ({format}). Export it as JPEG or PNG and try again.</source>
        <translation>无法读取“{name}”的格式（{format}）。请导出为 JPEG 或 PNG 后再试。</translation>
    </message>
    <message>
        <source>“{name}” is a damaged or incomplete {format} file, so Retouch Studio can&apos;t read it. Try exporting it again.</source>
        <translation>“{name}”是损坏或不完整的 {format} 文件，无法读取。请重新导出一次再试。</translation>
    </message>
    <message>
        <source>“{name}” is too large: {megapixels} megapixels ({width} × {height}). Retouch Studio accepts up to {limit_megapixels} megapixels; scale it down and try again.</source>
        <translation>“{name}”太大了：{megapixels} 百万像素（{width} × {height}）。最多支持 {limit_megapixels} 百万像素，请缩小后再试。</translation>
    </message>
    <message>
        <source>“{name}” is too large for Retouch Studio to open. Scale it down and try again.</source>
        <translation>“{name}”太大，无法打开。请缩小后再试。</translation>
    </message>
    <message>
        <source>“{name}” is too large to process with the memory available.</source>
        <translation>“{name}”太大，可用内存不足以处理它。</translation>
    </message>
    <message>
        <source>“{name}” can&apos;t be made small enough to send ({limit_mb} MB at most), even at reduced quality and size.</source>
        <translation>即使降低画质和尺寸，“{name}”也无法压缩到可以发送的大小（最多 {limit_mb} MB）。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your picture is safe; try again, and if it repeats, send the details to us.</source>
        <translation>发生了意外错误。你的图片没有受到影响；请重试，如果问题反复出现，请把详细信息发给我们。</translation>
    </message>
    <message>
        <source>No API token is set. Enter your token in Settings, set RETOUCH_API_KEY, or try the offline demo provider.</source>
        <translation>还没有设置 API 密钥。请在“设置”中填写密钥、设置环境变量 RETOUCH_API_KEY，或先试用离线演示服务商。</translation>
    </message>
    <message>
        <source>Stopped waiting: the model did not finish its answer within {seconds} seconds, the overall limit for one request. Nothing was saved from this request; try again later.</source>
        <translation>已停止等待：模型在 {seconds} 秒内没有完成回复，这是单次请求的总时限。本次请求没有保存任何内容，请稍后再试。</translation>
    </message>
    <message>
        <source>Stopped waiting: the upload did not finish within {seconds} seconds, the overall limit for one request. Nothing was saved; check the connection and try again.</source>
        <translation>已停止等待：上传在 {seconds} 秒内没有完成，这是单次请求的总时限。没有保存任何内容，请检查网络连接后再试。</translation>
    </message>
    <message>
        <source>The result could not be saved: the disk is full ({folder}). Free some space, then run the edit again.</source>
        <translation>无法保存结果：磁盘已满（{folder}）。请腾出一些空间后重新运行。</translation>
    </message>
    <message>
        <source>The result could not be saved in {folder}. Check the folder.</source>
        <translation>无法把结果保存到 {folder}。请检查这个文件夹。</translation>
    </message>
    <message>
        <source>The result could not be downloaded: the provider pointed to a local or private network address, which Retouch Studio does not fetch from.</source>
        <translation>无法下载结果：服务商给出的是本机或内网地址，Retouch Studio 不会从这类地址下载。</translation>
    </message>
    <message>
        <source>This secret has {length} characters; Windows Credential Manager keeps at most {limit}. Set it for a run with RETOUCH_API_KEY instead.</source>
        <translation>这个密钥有 {length} 个字符,Windows 凭据管理器最多只能保存 {limit} 个。请改用 RETOUCH_API_KEY 在运行时提供。</translation>
    </message>
    <message>
        <source>The provider did not accept your API token. Check the token in Settings.</source>
        <translation>服务商不接受你的 API 密钥。请在“设置”中检查密钥。</translation>
    </message>
    <message>
        <source>The provider refused access for this token.</source>
        <translation>服务商拒绝了这个密钥的访问。</translation>
    </message>
    <message>
        <source>The provider is busy right now (too many requests). Wait a moment and try again.</source>
        <translation>服务商现在很忙（请求过多）。请稍等片刻再试。</translation>
    </message>
    <message>
        <source>The provider refused this request under its content rules.</source>
        <translation>服务商依据其内容规则拒绝了这次请求。</translation>
    </message>
    <message>
        <source>The provider address does not answer like an image relay (HTTP 404). Check the base URL in Settings.</source>
        <translation>这个服务商地址的响应不像图片中转服务（HTTP 404）。请检查“设置”中的接口地址。</translation>
    </message>
    <message>
        <source>The provider says the request is too large. Lower the largest upload side in Settings and try again.</source>
        <translation>服务商提示请求太大。请在“设置”中调低“最大上传边长”后再试。</translation>
    </message>
    <message>
        <source>The provider rejected the request (HTTP {status}).</source>
        <translation>服务商拒绝了这次请求（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The provider&apos;s server had a problem (HTTP {status}). Nothing was saved; press Try again in a moment.</source>
        <translation>服务商的服务器出了问题（HTTP {status}），没有保存任何内容。请稍后点击“重试”。</translation>
    </message>
    <message>
        <source>Could not connect to {host} in time. Check your internet connection or proxy.</source>
        <translation>连接 {host} 超时。请检查网络连接或代理。</translation>
    </message>
    <message>
        <source>Cannot reach the provider at {host}. Check your internet connection and the base URL in Settings.</source>
        <translation>无法访问服务商 {host}。请检查网络连接，以及“设置”中的接口地址。</translation>
    </message>
    <message>
        <source>The provider did not answer within {seconds} seconds. The model may be overloaded; try again later or raise the wait time in Settings.</source>
        <translation>服务商在 {seconds} 秒内没有回应。模型可能负载过高，请稍后再试，或在“设置”中延长等待时间。</translation>
    </message>
    <message>
        <source>The upload to the provider stalled. Check your connection and try again.</source>
        <translation>上传到服务商时卡住了。请检查网络连接后再试。</translation>
    </message>
    <message>
        <source>The connection to the provider broke before the answer arrived. Try again.</source>
        <translation>在收到回复之前，与服务商的连接中断了。请重试。</translation>
    </message>
</context>
<context>
    <name>ErrorTitles</name>
    <message>
        <source>This can&apos;t be used</source>
        <translation>无法使用</translation>
    </message>
    <message>
        <source>The token was not accepted</source>
        <translation>密钥未被接受</translation>
    </message>
    <message>
        <source>Out of credit</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <source>This model is not available</source>
        <translation>无法使用这个模型</translation>
    </message>
    <message>
        <source>The provider is busy</source>
        <translation>服务商繁忙</translation>
    </message>
    <message>
        <source>No image this time</source>
        <translation>这次没有生成图片</translation>
    </message>
    <message>
        <source>The provider had a problem</source>
        <translation>服务商出了问题</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>连接问题</translation>
    </message>
    <message>
        <source>The answer could not be read</source>
        <translation>无法读取回复</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>No picture yet</source>
        <translation>还没有图片</translation>
    </message>
    <message>
        <source>Nothing to change yet</source>
        <translation>还没有说明要修改什么</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <source>Getting started</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <source>Welcome to Retouch Studio</source>
        <translation>欢迎使用 Retouch Studio</translation>
    </message>
    <message>
        <source>To edit pictures, the app needs an API token from your image provider (an OpenAI-compatible relay).</source>
        <translation>修改图片需要图片服务商（兼容 OpenAI 接口的中转服务）提供的 API 密钥。</translation>
    </message>
    <message>
        <source>Your token is kept in the system keyring (Keychain, Credential Manager or Secret Service), never in a file.</source>
        <translation>密钥保存在系统钥匙串中（钥匙串访问、凭据管理器或 Secret Service），绝不会写入文件。</translation>
    </message>
    <message>
        <source>Enter your API token…</source>
        <translation>填写 API 密钥…</translation>
    </message>
    <message>
        <source>Enter your API token</source>
        <translation>填写 API 密钥</translation>
    </message>
    <message>
        <source>Open the settings to add a token</source>
        <translation>打开设置，添加密钥</translation>
    </message>
    <message>
        <source>Try the demo provider</source>
        <translation>试用演示服务商</translation>
    </message>
    <message>
        <source>Use the built-in offline provider: no token, made-up results</source>
        <translation>使用内置的离线服务商：无需密钥，结果为模拟生成</translation>
    </message>
    <message>
        <source>The demo runs offline on this computer and needs no token.</source>
        <translation>演示在本机离线运行，无需密钥。</translation>
    </message>
    <message>
        <source>Get a token on your provider&apos;s web site.</source>
        <translation>请到服务商网站获取密钥。</translation>
    </message>
    <message>
        <source>Sign in on your provider&apos;s site, {site}, create a token (it often starts with “sk-”) and paste it in Settings.</source>
        <translation>登录服务商网站 {site}，创建一个密钥（通常以“sk-”开头），然后粘贴到“设置”中。</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>{status} · {ratio} · {model} · {when}</source>
        <translation>{status} · {ratio} · {model} · {when}</translation>
    </message>
    <message>
        <source>Tokens: {n}</source>
        <translation>Token 用量：{n}</translation>
    </message>
    <message>
        <source>Tokens: not reported</source>
        <translation>Token 用量：未报告</translation>
    </message>
    <message>
        <source>Chain: made from the result of “{prompt}”</source>
        <translation>编辑链:基于“{prompt}”的结果制作</translation>
    </message>
    <message>
        <source>Chain: made from an earlier result</source>
        <translation>编辑链:基于较早的一个结果制作</translation>
    </message>
    <message>
        <source>Today {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <source>Yesterday {time}</source>
        <translation>昨天 {time}</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Search prompts</source>
        <translation>搜索提示词</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>搜索历史记录</translation>
    </message>
    <message>
        <source>Lists the jobs whose prompt or picture name holds every word typed</source>
        <translation>列出提示词或图片文件名包含所输入全部词语的任务</translation>
    </message>
    <message>
        <source>Starred only</source>
        <translation>仅看星标</translation>
    </message>
    <message>
        <source>Show starred jobs only</source>
        <translation>只显示加了星标的任务</translation>
    </message>
    <message>
        <source>Hide the jobs without a star</source>
        <translation>隐藏没有星标的任务</translation>
    </message>
    <message>
        <source>Jobs, newest first</source>
        <translation>任务列表(最新的在前)</translation>
    </message>
    <message>
        <source>Each job&apos;s picture, prompt, ratio and status; hover for tokens</source>
        <translation>每个任务的图片、提示词、比例和状态；悬停可查看 Token 用量</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show the job&apos;s input and results</source>
        <translation>显示该任务的输入图片和结果</translation>
    </message>
    <message>
        <source>Reuse prompt</source>
        <translation>复用提示词</translation>
    </message>
    <message>
        <source>Put its prompt and ratio in the panel</source>
        <translation>把它的提示词和比例填入编辑面板</translation>
    </message>
    <message>
        <source>Use result</source>
        <translation>用作输入</translation>
    </message>
    <message>
        <source>Edit the job&apos;s result further</source>
        <translation>在该任务的结果上继续编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move the job&apos;s results to the trash</source>
        <translation>把该任务的结果移到回收站</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Run the same request again</source>
        <translation>再次运行相同的请求</translation>
    </message>
    <message>
        <source>Today: {n} tokens</source>
        <translation>今日：{n} 个 Token</translation>
    </message>
    <message>
        <source>Tokens used today</source>
        <translation>今日 Token 用量</translation>
    </message>
    <message>
        <source>Unstar</source>
        <translation>取消星标</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>加星标</translation>
    </message>
    <message>
        <source>Mark the job to find it again</source>
        <translation>标记该任务,方便以后找到</translation>
    </message>
    <message>
        <source>{day}: {n} tokens, {jobs} jobs</source>
        <translation>{day}：{n} 个 token，{jobs} 个任务</translation>
    </message>
    <message>
        <source>Delete for good?</source>
        <translation>永久删除?</translation>
    </message>
    <message>
        <source>The trash is not available for {n} result file(s). Delete them permanently?</source>
        <translation>有 {n} 个结果文件无法移到回收站。要永久删除它们吗?</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Picture</source>
        <translation>图片</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Job status</source>
        <translation>任务状态</translation>
    </message>
    <message>
        <source>Job progress</source>
        <translation>任务进度</translation>
    </message>
    <message>
        <source>How far the running edit has got</source>
        <translation>正在进行的修改完成了多少</translation>
    </message>
    <message>
        <source>Preparing the picture</source>
        <translation>正在准备图片</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Waiting for the model</source>
        <translation>正在等待模型</translation>
    </message>
    <message>
        <source>Downloading the result</source>
        <translation>正在下载结果</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Edit started: {stage}</source>
        <translation>开始修改：{stage}</translation>
    </message>
    <message>
        <source>Done in {s:.0f} s</source>
        <translation>完成，用时 {s:.0f} 秒</translation>
    </message>
    <message>
        <source>Failed: {title}</source>
        <translation>失败：{title}</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was saved from this run.</source>
        <translation>已取消，本次运行没有保存任何内容。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Result copied to the clipboard</source>
        <translation>结果已复制到剪贴板</translation>
    </message>
    <message>
        <source>Using the built-in demo provider: results are made on this computer, nothing is sent anywhere.</source>
        <translation>正在使用内置的演示服务商：结果在本机生成，不会发送到任何地方。</translation>
    </message>
    <message>
        <source>Results are saved in {d}.</source>
        <translation>结果保存在 {d}。</translation>
    </message>
    <message>
        <source>Results are saved beside each picture; those of pasted and web pictures in {d}.</source>
        <translation>结果保存在每张图片旁边；粘贴和网页图片的结果保存在 {d}。</translation>
    </message>
    <message>
        <source>{app}: AI edits for designers.</source>
        <translation>{app}：为设计师打造的 AI 修图工具。</translation>
    </message>
    <message>
        <source> (demo provider)</source>
        <translation>（演示服务商）</translation>
    </message>
    <message>
        <source>Open one or more pictures</source>
        <translation>打开一张或多张图片</translation>
    </message>
    <message>
        <source>Running {n} jobs, {c} at once…</source>
        <translation>正在运行 {n} 个任务，同时 {c} 个…</translation>
    </message>
    <message>
        <source>{done} of {n} jobs done</source>
        <translation>{n} 个任务中已完成 {done} 个</translation>
    </message>
    <message>
        <source>{failed} of {n} jobs failed; select one in the queue to try again.</source>
        <translation>{n} 个任务中有 {failed} 个失败；在队列中选中它即可重试。</translation>
    </message>
    <message>
        <source>No batch results to export yet</source>
        <translation>还没有可导出的批量结果</translation>
    </message>
    <message>
        <source>Export all results into</source>
        <translation>将全部结果导出到</translation>
    </message>
    <message>
        <source>Exported {n} pictures into {folder}</source>
        <translation>已将 {n} 张图片导出到 {folder}</translation>
    </message>
    <message>
        <source>This job asked for no ratio to fit to; saving it as it is</source>
        <translation>这个任务没有指定比例，按原样保存</translation>
    </message>
    <message>
        <source>Save the result fitted to {ratio} (crop) as</source>
        <translation>将结果裁剪为 {ratio} 后另存为</translation>
    </message>
    <message>
        <source>Save the result fitted to {ratio} (pad) as</source>
        <translation>将结果填充为 {ratio} 后另存为</translation>
    </message>
    <message>
        <source>Save the result at the source&apos;s size as</source>
        <translation>将结果按原图尺寸另存为</translation>
    </message>
    <message>
        <source>The clipboard holds no picture</source>
        <translation>剪贴板里没有图片</translation>
    </message>
    <message>
        <source>{n} pictures arrived; Run edits each of them with the prompt.</source>
        <translation>收到 {n} 张图片；点击运行将用同一提示词逐张编辑。</translation>
    </message>
    <message>
        <source>Fetching the picture…</source>
        <translation>正在获取图片…</translation>
    </message>
    <message>
        <source>Describe the change you want in the prompt box.</source>
        <translation>请在提示词框中描述你想要的修改。</translation>
    </message>
    <message>
        <source>“{name}” has {n} pages; only the first is used.</source>
        <translation>“{name}”共有 {n} 页，只使用第一页。</translation>
    </message>
    <message>
        <source>“{name}” has {n} frames; only the first is used.</source>
        <translation>“{name}”共有 {n} 帧，只使用第一帧。</translation>
    </message>
    <message>
        <source>You asked for {asked}; the model returned {got} ({w} × {h}).</source>
        <translation>要求的比例是 {asked}，模型返回的是 {got}（{w} × {h}）。</translation>
    </message>
    <message>
        <source>Result {i} of {n} · {size}{warn}</source>
        <translation>第 {i} 张，共 {n} 张 · {size}{warn}</translation>
    </message>
    <message>
        <source> (other ratio)</source>
        <translation>（比例不同）</translation>
    </message>
    <message>
        <source>Save the result as</source>
        <translation>将结果另存为</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>JPEG image</source>
        <translation>JPEG 图片</translation>
    </message>
    <message>
        <source>WebP image</source>
        <translation>WebP 图片</translation>
    </message>
    <message>
        <source>AVIF image</source>
        <translation>AVIF 图片</translation>
    </message>
    <message>
        <source>TIFF image</source>
        <translation>TIFF 图片</translation>
    </message>
    <message>
        <source>{name}
{w} × {h} px · {format} · {size}</source>
        <translation>{name}
{w} × {h} 像素 · {format} · {size}</translation>
    </message>
</context>
<context>
    <name>MaskToolbar</name>
    <message>
        <source>Mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <source>Paint where the edit may change the picture</source>
        <translation>涂出编辑可以改动的区域</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Paint the area to change</source>
        <translation>涂抹要改动的区域</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Take paint away</source>
        <translation>擦掉涂抹的部分</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Drag a rectangle to mark; hold Alt to unmark</source>
        <translation>拖出矩形来标记；按住 Alt 取消标记</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Draw around an area to mark it; hold Alt to unmark</source>
        <translation>圈出一个区域来标记；按住 Alt 取消标记</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last mask change ({keys})</source>
        <translation>撤销上一次蒙版改动（{keys}）</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Redo the mask change ({keys})</source>
        <translation>重做蒙版改动（{keys}）</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反选</translation>
    </message>
    <message>
        <source>Change what is kept, keep what is marked</source>
        <translation>标记的区域与保留的区域互换</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Remove the whole mask</source>
        <translation>移除整个蒙版</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show or hide the mask over the picture</source>
        <translation>在图片上显示或隐藏蒙版</translation>
    </message>
    <message>
        <source>Keep the rest</source>
        <translation>保留其余部分</translation>
    </message>
    <message>
        <source>Outside the mask the result keeps the original&apos;s pixels</source>
        <translation>蒙版以外，结果保留原图的像素</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>画笔大小</translation>
    </message>
    <message>
        <source>Brush size in the picture&apos;s pixels ([ smaller, ] larger)</source>
        <translation>画笔大小，以图片像素计（[ 缩小，] 放大）</translation>
    </message>
    <message>
        <source>Soft edge</source>
        <translation>柔化边缘</translation>
    </message>
    <message>
        <source>How far the change fades out, in the picture&apos;s pixels</source>
        <translation>改动渐隐的宽度，以图片像素计</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Mask tools</source>
        <translation>蒙版工具</translation>
    </message>
</context>
<context>
    <name>NetworkFields</name>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Use the system&apos;s proxy, none, or the one entered below</source>
        <translation>使用系统代理、不使用代理，或使用下面填写的代理</translation>
    </message>
    <message>
        <source>Use the system proxy</source>
        <translation>使用系统代理</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>Manual proxy</source>
        <translation>手动设置代理</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <source>For example http://proxy.example.com:3128</source>
        <translation>例如 http://proxy.example.com:3128</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>代理用户名</translation>
    </message>
    <message>
        <source>Only if the proxy asks for one</source>
        <translation>仅当代理要求时填写</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>Kept in the system keyring</source>
        <translation>保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>Kept in the system keyring, never in a file</source>
        <translation>保存在系统钥匙串中，绝不会写入文件</translation>
    </message>
    <message>
        <source>Proxy problem</source>
        <translation>代理问题</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>Proxy a&amp;ddress:</source>
        <translation>代理地址(&amp;D)：</translation>
    </message>
    <message>
        <source>Proxy u&amp;ser:</source>
        <translation>代理用户名(&amp;S)：</translation>
    </message>
    <message>
        <source>Proxy pass&amp;word:</source>
        <translation>代理密码(&amp;W)：</translation>
    </message>
    <message>
        <source>C&amp;onnect timeout:</source>
        <translation>连接超时(&amp;O)：</translation>
    </message>
    <message>
        <source>Wait for the mode&amp;l:</source>
        <translation>等待模型(&amp;L)：</translation>
    </message>
    <message>
        <source>Do&amp;wnload timeout:</source>
        <translation>下载超时(&amp;W)：</translation>
    </message>
    <message>
        <source>“{url}” is not a proxy address. Use http://host:port, with the user name and password in their own fields.</source>
        <translation>“{url}”不是有效的代理地址。请使用 http://主机:端口 的形式，用户名和密码填在各自的输入框中。</translation>
    </message>
</context>
<context>
    <name>PictureFields</name>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language of the window; it changes as soon as you save</source>
        <translation>界面语言；保存后立即生效</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Light or dark, or as the system is; it changes as soon as you save</source>
        <translation>浅色、深色或跟随系统；保存后立即生效</translation>
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
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>结果文件夹</translation>
    </message>
    <message>
        <source>Choose the results folder</source>
        <translation>选择结果文件夹</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>外观(&amp;A)：</translation>
    </message>
    <message>
        <source>Results &amp;folder:</source>
        <translation>结果文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>Beside each picture</source>
        <translation>与原图放在同一文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Pick the folder in a file dialog</source>
        <translation>在文件对话框中选择文件夹</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Largest upload si&amp;de:</source>
        <translation>最大上传边长(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Jobs at once:</source>
        <translation>同时运行的任务数(&amp;J)：</translation>
    </message>
    <message>
        <source>Save &amp;quality:</source>
        <translation>保存质量(&amp;Q)：</translation>
    </message>
</context>
<context>
    <name>ProfilePicker</name>
    <message>
        <source>Provider profile</source>
        <translation>服务商配置</translation>
    </message>
    <message>
        <source>The selected profile is used for edits</source>
        <translation>修改图片时使用所选的配置</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Add a profile</source>
        <translation>添加配置</translation>
    </message>
    <message>
        <source>A new profile with its own address, model, proxy and token</source>
        <translation>新建一个配置，拥有独立的地址、模型、代理和密钥</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename this profile</source>
        <translation>重命名这个配置</translation>
    </message>
    <message>
        <source>Give the selected profile another name</source>
        <translation>为所选配置换一个名称</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove this profile</source>
        <translation>删除这个配置</translation>
    </message>
    <message>
        <source>Take the selected profile off the list when you save</source>
        <translation>保存时从列表中移除所选配置</translation>
    </message>
    <message>
        <source>Name of the new profile, e.g. “Work relay”:</source>
        <translation>新配置的名称，例如“公司中转”：</translation>
    </message>
    <message>
        <source>Rename the profile</source>
        <translation>重命名配置</translation>
    </message>
    <message>
        <source>New name for “{name}”:</source>
        <translation>“{name}”的新名称：</translation>
    </message>
    <message>
        <source>This name can&apos;t be used: it is empty, longer than {limit} characters, starts with “proxy:” or belongs to another profile.</source>
        <translation>不能使用这个名称：名称为空、超过 {limit} 个字符、以“proxy:”开头，或与其他配置重名。</translation>
    </message>
</context>
<context>
    <name>PromptEdit</name>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Describe the change to make. {shortcut} runs the edit.</source>
        <translation>描述要做的修改。按 {shortcut} 运行。</translation>
    </message>
    <message>
        <source>Describe the change, e.g. 美化一下这张图片，加上“我爱中国”四个字</source>
        <translation>描述要做的修改，例如：美化一下这张图片，加上“我爱中国”四个字</translation>
    </message>
    <message>
        <source>{shortcut} to run</source>
        <translation>按 {shortcut} 运行</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Recent prompts</source>
        <translation>最近的提示词</translation>
    </message>
    <message>
        <source>Reuse a prompt you ran before</source>
        <translation>再次使用之前运行过的提示词</translation>
    </message>
    <message>
        <source>Reuse a recent prompt</source>
        <translation>使用最近的提示词</translation>
    </message>
    <message>
        <source>No recent prompts yet</source>
        <translation>还没有最近的提示词</translation>
    </message>
</context>
<context>
    <name>ProviderFields</name>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Provider base URL</source>
        <translation>服务商接口地址</translation>
    </message>
    <message>
        <source>The relay&apos;s address, for example https://api.example.com/v1</source>
        <translation>中转服务的地址，例如 https://api.example.com/v1</translation>
    </message>
    <message>
        <source>Address problem</source>
        <translation>地址问题</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The model that edits the pictures; type another id if yours is not listed</source>
        <translation>用来修改图片的模型；如果列表里没有，可以直接输入模型 ID</translation>
    </message>
    <message>
        <source>API</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Chat completions (size in the prompt) or the Images API (exact sizes)</source>
        <translation>对话补全（尺寸写在提示词中）或图像接口（精确尺寸）</translation>
    </message>
    <message>
        <source>Chat completions</source>
        <translation>对话补全</translation>
    </message>
    <message>
        <source>Images API</source>
        <translation>图像接口</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Ask the provider for its model list; no image is generated</source>
        <translation>向服务商获取模型列表，不会生成图片</translation>
    </message>
    <message>
        <source>Connection test</source>
        <translation>连接测试</translation>
    </message>
    <message>
        <source>Base &amp;URL:</source>
        <translation>接口地址(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>A&amp;PI:</source>
        <translation>接口(&amp;P)：</translation>
    </message>
    <message>
        <source>API &amp;token:</source>
        <translation>API 密钥(&amp;T)：</translation>
    </message>
    <message>
        <source>The provider address must start with https:// so your token travels encrypted (plain http:// is only allowed for this computer).</source>
        <translation>服务商地址必须以 https:// 开头，密钥才会加密传输（只有本机地址可以使用 http://）。</translation>
    </message>
    <message>
        <source>“{url}” is not a provider address. It should look like https://api.example.com/v1.</source>
        <translation>“{url}”不是有效的服务商地址。格式应类似 https://api.example.com/v1。</translation>
    </message>
    <message>
        <source>Checking the connection…</source>
        <translation>正在检查连接…</translation>
    </message>
    <message>
        <source>Connected. The provider accepted the token.</source>
        <translation>已连接，服务商接受了这个密钥。</translation>
    </message>
    <message>
        <source>Connected. The token works and “{model}” is available.</source>
        <translation>已连接，密钥有效，可以使用“{model}”。</translation>
    </message>
    <message>
        <source>Connected, but this token cannot use the model “{model}”.</source>
        <translation>已连接，但这个密钥无法使用模型“{model}”。</translation>
    </message>
    <message>
        <source>The provider did not accept this token, or none is set yet.</source>
        <translation>服务商不接受这个密钥，或者还没有设置密钥。</translation>
    </message>
    <message>
        <source>The provider can&apos;t be reached. Check the address, the proxy and your internet connection.</source>
        <translation>无法访问服务商。请检查地址、代理和网络连接。</translation>
    </message>
    <message>
        <source>The test did not succeed. The details say why.</source>
        <translation>测试没有通过，详细信息中说明了原因。</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Queued jobs</source>
        <translation>排队的任务</translation>
    </message>
    <message>
        <source>Each job&apos;s picture, stage and time; select a finished one to see it</source>
        <translation>每个任务的图片、阶段和用时；选中已完成的任务即可查看</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the selected job</source>
        <translation>取消选中的任务</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Run the selected job again</source>
        <translation>重新运行选中的任务</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>全部取消</translation>
    </message>
    <message>
        <source>Cancel every queued and running job</source>
        <translation>取消所有排队中和运行中的任务</translation>
    </message>
    <message>
        <source>{names} · variation {i} of {n}</source>
        <translation>{names} · 第 {i} 个变体，共 {n} 个</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Waiting for the model</source>
        <translation>正在等待模型</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
</context>
<context>
    <name>RatioPicker</name>
    <message>
        <source>Aspect ratio</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <source>Aspect ratio of the edited picture</source>
        <translation>修改后图片的画面比例</translation>
    </message>
    <message>
        <source>Aspect ratio of the result. The model renders 1:1, 3:2 and 2:3 natively; other ratios are approximated.</source>
        <translation>结果的画面比例。模型原生支持 1:1、3:2 和 2:3，其他比例为近似。</translation>
    </message>
    <message>
        <source>W:H</source>
        <translation>宽:高</translation>
    </message>
    <message>
        <source>Custom aspect ratio</source>
        <translation>自定义画面比例</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>1:1 Square</source>
        <translation>1:1 方图</translation>
    </message>
    <message>
        <source>2:3 Portrait</source>
        <translation>2:3 竖图</translation>
    </message>
    <message>
        <source>3:2 Landscape</source>
        <translation>3:2 横图</translation>
    </message>
    <message>
        <source>3:4</source>
        <translation>3:4</translation>
    </message>
    <message>
        <source>4:3</source>
        <translation>4:3</translation>
    </message>
    <message>
        <source>9:16 Story</source>
        <translation>9:16 竖屏</translation>
    </message>
    <message>
        <source>16:9 Wide</source>
        <translation>16:9 宽屏</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>Let the model choose, usually the ratio of the picture</source>
        <translation>由模型决定，通常与原图比例相同</translation>
    </message>
    <message>
        <source>Type any width:height ratio</source>
        <translation>输入任意宽:高比例</translation>
    </message>
    <message>
        <source>Rendered natively by the model</source>
        <translation>模型原生支持</translation>
    </message>
    <message>
        <source>Approximated: the model may return a close native ratio</source>
        <translation>近似比例：模型可能返回一个相近的原生比例</translation>
    </message>
    <message>
        <source>Enter a custom aspect ratio such as 5:4.</source>
        <translation>请输入自定义比例，例如 5:4。</translation>
    </message>
    <message>
        <source>“{text}” is not an aspect ratio; use width:height, e.g. 5:4.</source>
        <translation>“{text}”不是有效的比例，请按“宽:高”填写，例如 5:4。</translation>
    </message>
    <message>
        <source>Width:height, for example 5:4 or 21:9</source>
        <translation>宽:高，例如 5:4 或 21:9</translation>
    </message>
    <message>
        <source>Width and height, for example 5:4</source>
        <translation>宽和高，例如 5:4</translation>
    </message>
</context>
<context>
    <name>ResultBar</name>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Where the result was saved</source>
        <translation>结果的保存位置</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Open the folder of the result in the file manager, the file selected</source>
        <translation>在文件管理器中打开结果所在的文件夹，并选中该文件</translation>
    </message>
    <message>
        <source>Model&apos;s picture</source>
        <translation>模型原图</translation>
    </message>
    <message>
        <source>Show the model&apos;s picture</source>
        <translation>显示模型生成的整张图</translation>
    </message>
    <message>
        <source>Compare with the model&apos;s whole picture instead of the edit pasted back</source>
        <translation>与模型生成的整张图对比，而不是贴回原图后的结果</translation>
    </message>
    <message>
        <source>Use as input</source>
        <translation>继续修改</translation>
    </message>
    <message>
        <source>Edit the result further with a new prompt ({keys})</source>
        <translation>用新的提示词继续修改这张结果（{keys}）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the result ({keys})</source>
        <translation>复制结果（{keys}）</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save the result as PNG, JPEG or WebP ({keys})</source>
        <translation>将结果另存为 PNG、JPEG 或 WebP（{keys}）</translation>
    </message>
    <message>
        <source>Saved as {path}</source>
        <translation>已保存为 {path}</translation>
    </message>
    <message>
        <source>Previous result, shown while the new edit runs</source>
        <translation>上一次的结果（新的修改正在进行）</translation>
    </message>
    <message>
        <source>Previous result: the last edit did not produce a new one</source>
        <translation>上一次的结果：刚才的修改没有生成新图片</translation>
    </message>
</context>
<context>
    <name>ResultStrip</name>
    <message>
        <source>Results</source>
        <translation>结果列表</translation>
    </message>
    <message>
        <source>Pick a result to compare with the original</source>
        <translation>选择一张结果与原图对比</translation>
    </message>
    <message>
        <source>Result {number}</source>
        <translation>结果 {number}</translation>
    </message>
</context>
<context>
    <name>RouteOptions</name>
    <message>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
    </message>
    <message>
        <source>Exact size</source>
        <translation>精确尺寸</translation>
    </message>
    <message>
        <source>auto: the model&apos;s own size</source>
        <translation>auto:模型默认尺寸</translation>
    </message>
    <message>
        <source>WxH such as 1920x1080, or 1K, 2K, 4K with the aspect ratio, or auto</source>
        <translation>宽x高，例如 1920x1080；或 1K、2K、4K（配合画面比例）；或 auto</translation>
    </message>
    <message>
        <source>Transparent background</source>
        <translation>透明背景</translation>
    </message>
    <message>
        <source>The result is a PNG whose background is see-through</source>
        <translation>结果为背景透明的 PNG</translation>
    </message>
    <message>
        <source>“{size}” is not a size. Use WxH (e.g. 1920x1080), 1K, 2K, 4K or auto.</source>
        <translation>“{size}”不是有效尺寸。请使用 宽x高（例如 1920x1080）、1K、2K、4K 或 auto。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Wait for the model (seconds)</source>
        <translation>等待模型（秒）</translation>
    </message>
    <message>
        <source>Connect timeout (seconds)</source>
        <translation>连接超时（秒）</translation>
    </message>
    <message>
        <source>Download timeout (seconds)</source>
        <translation>下载超时（秒）</translation>
    </message>
    <message>
        <source>Largest upload side (pixels)</source>
        <translation>最大上传边长（像素）</translation>
    </message>
    <message>
        <source>Jobs at once</source>
        <translation>同时运行的任务数</translation>
    </message>
    <message>
        <source>Quality of saved JPEG, WebP and AVIF files</source>
        <translation>保存的 JPEG、WebP 和 AVIF 文件的质量</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Results folder (empty: beside each picture; pasted and web pictures: Pictures)</source>
        <translation>结果文件夹（留空：与原图放在同一文件夹；粘贴和网页图片：“图片”文件夹）</translation>
    </message>
    <message>
        <source>From {low} to {high}</source>
        <translation>范围 {low} 到 {high}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>{problem} Tick “Keep for this session only” to use it until you quit.</source>
        <translation>{problem} 勾选“仅在本次运行期间保留”即可使用它，直到退出应用。</translation>
    </message>
    <message>
        <source>The settings could not be written ({error}).</source>
        <translation>无法写入设置（{error}）。</translation>
    </message>
    <message>
        <source>P&amp;rofile:</source>
        <translation>配置(&amp;R)：</translation>
    </message>
    <message>
        <source>The selected profile is used for new edits.</source>
        <translation>新的修改将使用所选的配置。</translation>
    </message>
    <message>
        <source>Save problem</source>
        <translation>保存问题</translation>
    </message>
    <message>
        <source>Save the settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Write the settings and keep typed tokens in the system keyring</source>
        <translation>写入设置，并把填写的密钥保存到系统钥匙串</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>不保存并关闭</translation>
    </message>
    <message>
        <source>Something went wrong ({error}).</source>
        <translation>出错了（{error}）。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Each command and the keys that run it</source>
        <translation>每个命令及其快捷键</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the list of keyboard shortcuts</source>
        <translation>关闭快捷键列表</translation>
    </message>
</context>
<context>
    <name>SplitCompareView</name>
    <message>
        <source>Before and after, split</source>
        <translation>修改前后分割对比</translation>
    </message>
    <message>
        <source>The original left of the divider, the result right of it</source>
        <translation>分割线左边是原图，右边是结果</translation>
    </message>
    <message>
        <source>The split view needs an original and a result</source>
        <translation>分割对比需要原图和结果</translation>
    </message>
    <message>
        <source>Divider position</source>
        <translation>分割线位置</translation>
    </message>
    <message>
        <source>Move the divider between before and after</source>
        <translation>移动修改前后之间的分割线</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>TokenBox</name>
    <message>
        <source>API token</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Paste your API token</source>
        <translation>粘贴你的 API 密钥</translation>
    </message>
    <message>
        <source>Kept in the system keyring, never in a file</source>
        <translation>保存在系统钥匙串中，绝不会写入文件</translation>
    </message>
    <message>
        <source>Checking the system keyring…</source>
        <translation>正在检查系统钥匙串…</translation>
    </message>
    <message>
        <source>Keyring status</source>
        <translation>钥匙串状态</translation>
    </message>
    <message>
        <source>Remove saved token</source>
        <translation>删除已保存的密钥</translation>
    </message>
    <message>
        <source>Remove the saved token</source>
        <translation>删除已保存的密钥</translation>
    </message>
    <message>
        <source>Delete this profile&apos;s token from the system keyring when you save</source>
        <translation>保存时从系统钥匙串中删除这个配置的密钥</translation>
    </message>
    <message>
        <source>Keep for this session only</source>
        <translation>仅在本次运行期间保留</translation>
    </message>
    <message>
        <source>Keep the token for this session only</source>
        <translation>密钥仅在本次运行期间保留</translation>
    </message>
    <message>
        <source>The token is forgotten when the app quits.</source>
        <translation>退出应用后密钥会被清除。</translation>
    </message>
    <message>
        <source>RETOUCH_API_KEY is set ({token}): it is used instead of a saved token while the app runs.</source>
        <translation>已设置 RETOUCH_API_KEY（{token}）：应用运行期间会用它代替已保存的密钥。</translation>
    </message>
    <message>
        <source>The saved token will be removed when you save.</source>
        <translation>保存后将删除已保存的密钥。</translation>
    </message>
    <message>
        <source>Kept for this session only ({token}).</source>
        <translation>仅在本次运行期间保留（{token}）。</translation>
    </message>
    <message>
        <source>The system keyring can&apos;t be used, so the token can&apos;t be saved on this computer.</source>
        <translation>无法使用系统钥匙串，因此密钥无法保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Saved in the system keyring, {backend} ({token}).</source>
        <translation>已保存在系统钥匙串 {backend} 中（{token}）。</translation>
    </message>
    <message>
        <source>Not saved yet. It will be kept in the system keyring, {backend}.</source>
        <translation>尚未保存。保存后将存放在系统钥匙串 {backend} 中。</translation>
    </message>
    <message>
        <source>Type a new token to replace the saved one</source>
        <translation>输入新密钥以替换已保存的密钥</translation>
    </message>
</context>
<context>
    <name>TokenField</name>
    <message>
        <source>API token</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Show or hide: {field}</source>
        <translation>显示或隐藏：{field}</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Hide the text</source>
        <translation>隐藏内容</translation>
    </message>
    <message>
        <source>Show the text</source>
        <translation>显示内容</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste picture</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Save result as…</source>
        <translation>将结果另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Save fitted to the asked ratio (&amp;crop)…</source>
        <translation>按所选比例裁剪后保存(&amp;C)…</translation>
    </message>
    <message>
        <source>Save fitted to the asked ratio (p&amp;ad)…</source>
        <translation>按所选比例填充后保存(&amp;A)…</translation>
    </message>
    <message>
        <source>Save at the source&apos;s si&amp;ze…</source>
        <translation>按原图尺寸保存(&amp;Z)…</translation>
    </message>
    <message>
        <source>E&amp;xport all results of the batch…</source>
        <translation>导出本批全部结果(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>复制结果(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Use result as input</source>
        <translation>用结果继续修改(&amp;U)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run the edit</source>
        <translation>运行修改(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel the edit</source>
        <translation>取消修改(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Next result</source>
        <translation>下一张结果(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous result</source>
        <translation>上一张结果(&amp;P)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to window</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual size (100 %)</source>
        <translation>实际大小 (100%)(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Side by side</source>
        <translation>并排对比(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;plit compare</source>
        <translation>分割对比(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Difference</source>
        <translation>差异对比(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Next comparison mode</source>
        <translation>切换对比方式(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史记录(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Retouch Studio</source>
        <translation>关于 Retouch Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Hold to show the original in place of the result</source>
        <translation>按住时在结果位置显示原图</translation>
    </message>
    <message>
        <source>While held</source>
        <translation>按住时</translation>
    </message>
</context>
<context>
    <name>_SplitImageView</name>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
</TS>
