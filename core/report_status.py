"""How far along a report says the work is: done, in progress, blocked, or not started.

Pure: a normalised text in, the status and the phrases that said it out. People say status with
verbs and their complements far more than with the word 完成, so the reading is by the grammar of
completion rather than a list of phrases:

- done: a verb with a result complement (弄完, 整利索, 建好, 收齐, 打卡上, 建起来, 报上去), 已 + verb
  (已发放, 已纳入), all-of words (都发了, 全部修订完成), and the plain words (完成, 完毕, 竣工, 到位…);
- in progress: started but not finished — 正在, 开工, a share below the whole (七成, 60%, 一半, "17个村弄完
  14个"), what is left (就剩, 还差, 还有…没), finishing later (下个月能收尾, 预计11月底竣工), waiting on
  someone (报县局 等批复), money received for work that is more than the money (拨款下来了);
- blocked: stopped or unable to go on without someone else (卡住, 停工, 干不了, 批不下来, 村里不同意);
  a shortfall while work goes on is in progress, not blocked ("已经动工,配套资金还差一半");
- not started: 还没开始, 尚未启动, 没动, to begin later (下周开始弄);
- neither, on their own: a hedge (已基本完成, a bare 未完成: begun or not?) — the sender is asked — and paying or handing in later
  (钱下周发), which keeps work done open but says nothing when none is.

Precedence (the rule docs/progress.md writes down): blocked, then anything still open (a share,
what is left, later, waiting — unless nothing has begun; or not started beside work done or under way) is in
progress, then not started, then in progress, then done.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DONE, IN_PROGRESS, BLOCKED, NOT_STARTED = "done", "in_progress", "blocked", "not_started"

# Verbs of the work people report (排查 核查 建 录 发 报 交 修订 走访…), one character each: a
# completion complement after any of them says the step is done.
WORK_VERBS = "查核建录发报交修订改访走排整弄做办搞干填审批比对拨纳给收摸统汇装签打落善理制写印清"
_NEG = r"(?<![没未不别])"

_DONE = (
    # 完成 / 完毕 / 竣工 … not negated, not "完成不了", not a share ("完成了七成" is in progress)
    rf"{_NEG}(?:已经?|都|均|全部|全都|全)?(?:完成|完毕|完工|竣工(?!决算|资料|材料|报告|图纸)|办结|搞定|弄妥|办妥|结束)"
    r"(?!不|率|了?(?:一半|大半|部分|[\d一二三四五六七八九十]+成|百分之|\d))"
    # V + 完: 弄完, 走完了, 调完了 (any verb); V + another result complement: 建好, 收齐, 打卡上, 建起来
    r"|(?<![没未不别还])(?![休吃睡喝玩聊忙])[\u4e00-\u9fff]完(?!成|毕|工|善|整|全|后|以后|之后)"  # 休完产假, 忙完了 are no work
    rf"|{_NEG}[{WORK_VERBS}](?:好了?|齐了?|妥了?|利索了?|上了|起来了|上去了|进来了|到位了?|到卡上|卡上了|到卡里|卡里了|下去了|到(?:折子|存折|账户|户头|账上)(?:上|里)?)"
    r"|(?:^|(?<=[\s,，/]))(?:完|都?好|齐|妥|已办)(?:了|事|妥)?(?=$|[\s,，。/])"  # "三一一 核查40户 完", "村规民约 好了", "21村 齐"
    r"|(?:^|(?<=[\s,，/]))完(?=\s?\d)"  # "21个村 完16": so many of them done
    r"|妥妥(?:的|地)?了?|已(?:经)?(?:救助|走访|巡访|排查|核查|核实|比对|录入|修订|发放|纳入|反馈|上报)|"
    rf"{_NEG}[{WORK_VERBS}]进去了"  # 都整进去了
    r"|已(?:经)?(?:打卡|到卡|到账|到折)(?:上)?|已(?:(?![没未不])[\u4e00-\u9fff]){1,4}(?:发放|纳入|录入|上报)|已(?:经)?更新|(?:都|全|全部)打(?:到)?卡|(?:都|全)到[^,，。;；\s]{0,4}卡(?:里|上)"
    r"|(?<![没未不])(?:报|交|送)(?:到)?(?:县局|局里|局|县里|股里)了"
    rf"|[oO][kK]了|(?i:(?<![a-z])done(?![a-z]))|✔|✅|☑|√|✓|妥了|到卡(?:上|里)?了|[送递传馈转{WORK_VERBS}]过去了|卡上(?:咧|啦|嘞)|齐活|整完活"
    r"|已(?:于|自|从)[^,，。;；]{1,16}(?:报送|上报|完成|发放|落实|执行|报|交|送)"  # 已自3月起提高一档补差发放
    # officialese: 已通过入户、电话方式全部核实
    r"|已(?:通过|经过|按)[^,，。;；]{0,10}(?:全部|均|都)(?:核实|核查|排查|完成|落实|发放|走访)"
    rf"|[{WORK_VERBS}]玩了"  # 弄玩了: 完 as the keyboard wrote it
    r"|(?<![没未不])完事|销号|(?<![没未不快差])齐了|利索了|(?<![没未不有])到位(?![率的])|已到位|齐全了|交齐|收齐|报齐|[都全]齐了|都好了"
    # 都入户看过了: everyone visited
    r"|(?:都|全|已经?)[^,，。;；\s]{0,4}(?:看|走|访|查|核|问|见)(?:过|到|着)(?:了|啦)|挨(?:个|家|户|村)[^,，。;；\s]{1,6}(?<!没)了"
    # 已 + a work verb (已发放, 已纳入, 已反馈): but 已开工 / 已启动 say the work started, not ended
    r"|已经?(?:全部|都|均)?(?!开始|启动|动工|开工|着手|进行|推进|部署|安排|收到|接到|报县局|报市)"
    r"[\u4e00-\u9fff](?:放|入|馈|报|送|交|立|订|留|实|发|改|审|核|对|建|成|录|拨|付|修|批|设|完|善|查|示|访|行)"
    r"|已经?(?:全部|都|均)?(?:交|报|发|建|改|批|拨|录|给)(?![县市])"
    # 已经纳进低保了, 已经退出了: 已经 … 了 of a deed (not of a state or a time: 已经有了, 已经过了, 已经晚了)
    r"|已经(?!开始|启动|动工|开工|着手|进行|推进|部署|安排|收到|接到|报县|报市|[有是快要晚过超满到在不没很够几多一两三第])[\u4e00-\u9fff]{1,4}了"
    # everyone got it: 都发了, 都按新标准发了, 钱给了, 全部打卡
    r"|(?:都|全|已经?)(?:报|交|送)(?:到|给)?[^,，。;；\s]{1,8}了|(?<![没不])批下来了"  # 都报民政局统计了
    r"|(?:都|全部|全都|均)(?:按.{1,6})?(?:发|交|报|给|提|调|打卡|入户|纳入|纳进|落实|保留|修订|反馈|录入|核|查|审|访|比对|排查|去|走|见)(?:了|到位|完)"
    r"|已(?:经)?(?:全部)?按[^,，。;；]{1,8}(?:发放|发|落实|执行|打卡|提高|上调|调整|兑现|纳入|建立|建成)"
    r"|(?<![没未不])(?:发|交|报|给|拨|打|批|建|定|改|办|整)(?:了|过了)|(?<![没未不])[建设成确]立了"
    r"|新(?:纳入|纳进|增)|(?:都|全部|全都)给[\u4e00-\u9fff]{1,6}了|(?:都|全部|全都|已经?)建档了?|已全部|足额(?:发放|打卡|兑现|拨付)|(?<![要将需应])全面(?:落实|完成|兑现)(?!中)|(?<![没未不])送(?:去|过去)了|发放到户|打卡到户|报局里了|报上了|交上了|(?:报|交|送|发|拨|反馈)(?:到|给)[^,，。;；\s]{1,12}了"
    rf"|{_NEG}[{WORK_VERBS}](?:上去|上来|进来)(?!再|后|的)"  # 村里报上来的(数): where a figure came from
    # V了一遍 (a pass made), 都V给…了 (handed over), and a counted action: 本月救助14户, 巡了六十三位
    r"|(?<![没未不])验收(?:过了|合格|通过|完)|(?<![没未不要等去快将])(?:来|给)验收了|(?<![没未不])通过(?:了)?(?:县局|县里|竣工)?验收"  # passed its inspection: the work is done
    r"|(?<!强)(?![去来跑回说讲提念])[\u4e00-\u9fff]了一(?:遍|轮|次|圈|趟)|(?<![没未不])[\u4e00-\u9fff]一(?:遍|轮|圈|趟)了|(?:都|已经?|全部|全都)[\u4e00-\u9fff]{1,2}给[^,，。;；]{1,8}了"
    r"|(?:全|都|全部|一律)(?:给)?(?:保留|留着(?:呢|了)?|续上了)|(?<![没未不])(?:钱|补差|补贴)?到手了|清出去了|[建立]起来了|(?<![没未不要将])(?:给)?保留了|保留下来了|(?:都|已经?|全)(?:安置|落实|解决)(?:到|好|了)|(?<![没未不要])(?:实现)?全覆盖(?!率)"
    r"|(?<![要将拟计划准备])(?:救助|发放|核查|核实|排查|走访|巡访|纳入|录入|比对|反馈|修订|落实|巡|访|核|查|走|排|录|发)了"
    r"(?=\s?(?:有|大概|约|将近|近)?\s?[\d一二三四五六七八九十两百千万零]+(?:\.\d+)?\s?[多来余几]?(?:户|人|位|名|个|村|元|块|千|万|条|份|家|所|处))"

)
_STARTED = (
    r"(?i:(?<![a-z])(?:pending|in progress|doing)(?![a-z]))|正在|正按|正(?:积极|有序)?(?:推进|落实|开展)|在弄|在搞|在做|在办|在整|在补|在催|在录|在核|在排|在改|在修|在建|在(?:乡里|县里|局里|镇里)?审(?!批表)|(?:进行|推进|开展|实施|施工|落实|办理|整改|对接|核实|协调|建设)中|现在(?:干|做|弄|搞|进行)的是|往下(?:发|拨|走|推)|已进场|施工(?![方单队图许证招])|(?:还|仍|尚)在(?![^,，。;；\s]{0,6}(?:底下|以下|以上|下面|范围|名单|台账|里|线))|开始(?:弄|干|整)(?!的)|开始了|(?<![月份号初底天周一二三四五六日划备算])开始[\u4e00-\u9fff]{1,3}(?<![了的])(?=$|[\s,，。;；])|"
    r"刚开始|(?<![真公纠改修反])正(?![常式好确规当月是])[^,，。;；\s]{1,8}呢|(?:这个?月|本月|这周|本周|今天)开始[发拨打给](?!了)|(?:还)?接着(?:发|干|弄|办|做|报|走|排)|一直[\u4e00-\u9fff]{1,2}着|正[办弄做搞整跑走审核]着|"  # 还接着发呢, 一直落实着
    # ("三月初开始弄的 … 全排查完了": when it began, told of work now done)
    r"(?:正)?处于(?!停)[^,，。;；\s]{0,8}(?:阶段|过程中)|(?<![未没不])动工(?!的)|(?<![未没不])开工(?!前|的)|开挖|跟踪中|观察着|(?<=[\u4e00-\u9fff])(?<![不没])在(?:挖|建|修|盖|砌|铺|施工)|进场了|(?:跟|盯)着呢|跟踪着|已启动|启动了|(?<![拉握牵])着手|陆续|逐步|先干着|一直在|有序(?:开展|推进)|正常(?:开展|推进|进行)|(?<![没未不])(?:已(?:经)?确?定(?![于在时])|(?:确)?定下来了)|(?:稳步|顺利|扎实)推进|照(?:常)?发|继续(?:发|享受|保留|跟踪)|持续(?:跟踪|监测|中|进行|推进|做|开展)|[(（]持续[)）]|"
    # V着呢 of work: 跟踪着呢, 催着呢, 弄着呢 — under way (留着呢 is a state)
    rf"(?<![没不])(?<!我这)(?<!俺这)(?<!我正)(?<!俺正)(?:跟踪|催|盯|推|跑|等|过渡|保|[{WORK_VERBS}])着呢|盯着|在盯"  # 我这走着呢: the speaker walking
)
# Money received for the work ("拨款下来了"; a bare 工程款拨付 names a topic, it says nothing happened).
# ("储备金要下拨了": about to come, nothing received yet)
_MONEY_RECEIVED = r"(?:(?:拨款|资金|奖补)(?:[\d.]+万?元)?|款|钱|金)[^,，。;；要将快]{0,6}(?:已于[^,，。;；]{1,10})?(?:下来了|到了|到账|拨下来|下拨了|拨到|拨付(?:到位|了|到))|" \
    r"(?<![要将快])拨下来了|(?:万元|元|块)已?到[^,，。;；\s]{0,4}(?:财政所|账户|账上)|" \
    r"(?:拨款|资金|储备金|奖补)[^,，。;；]{0,14}(?<![没未])到[^,，。;；\s]{0,4}账上了"  # "奖补资金昨天到乡里账上了"
_STILL_OPEN = (
    # a share below the whole, and what is left
    r"(?:一半|一小半|小半|大半|过半|多半)(?!个?(?:月|年|天|辈子|晌))|[一二三四五六七八九十\d]{1,3}分之[一二三四五六七八九十\d]{1,3}|(?:大)?部分(?:村|乡|户|人)?(?:已经?|都)?(?:完成|弄完|做完|交|报|完)|(?:还有|剩下)(?:大)?部分|"
    # (储备金还剩四万多 is a balance, no work left); 仅剩消防验收一项, 其余6人资料待补充, 还有15户在渐退期,
    # 教育那边3户还没反馈: what is left
    r"还剩(?![^,，。;；]{0,6}(?:万|元|块|钱))|剩下(?![^,，。;；]{0,12}(?:不符合|超标|超了|不够条件|是数据|不需要|不用)|[^,，。;；\s]{0,4}(?:没|未)脱贫|[^,，。;；]{0,16}(?:也|都)[\u4e00-\u9fff]{0,4}(?:完|齐|下去)了)|剩余(?!的?贫困)|其余(?=[^,，。;；]{0,12}(?:前|下周|下个?月|月底|年底|再|还|没|未|正在))|就剩|只剩|仅剩|(?<![结盈节业其多])余(?=[\d一二两三四五六七八九十]+个?[户人村])|仅差|只差|(?<![接对招优期善])待(?:补|完善|上报|录入|整改|落实|修)|(?<!还)剩[\d一二两三四五六七八九十几俩仨](?![^,，。;；]{0,5}(?:万|元|块|钱))|还差|尚差|就差|(?<!补)差[\d一二两三四五六七八九十]|还缺(?![啥什么])|缺口|"
    r"还有[^,，。;；\s]{0,8}(?:没|未)(?!劳动|劳力|能力|有劳)(?![\u4e00-\u9fff]{1,3}的)|还有[\d一二两三四五六七八九十]+[多来几余]?个?(?:村|户|人|条|项)?(?=$|\s|[,，。;；]|下周|下个?月|明天)|还有[\d一二两三四五六七八九十]+\s?[户人个村家名位]在(?!册|内|外)|(?<![\d一二两三四五六七八九十])[\d一二两三四五六七八九十]+\s?个?[户人村家名位]还没(?:有)?[\u4e00-\u9fff]|"
    r"(?:没|未)(?:有)?到位|(?:还|尚)?没(?:有)?[\u4e00-\u9fff]完(?!成)|快(?:好|齐)?了(?=$|[\s,，。;；])|(?:尚|还)(?:未|没)(?:有)?(?:全部|完全|全)?完成|(?:未|没)(?:有)?(?:全部|完全|全)完成|没弄完|没完|还没完|快完了|差不多了|差不离儿?了|"
    # what is built but not yet handed in: 台账建好了还没报局里
    r"还没(?:有)?(?:报|交|上报|报送|送)|"
    # a part of the work done: 主体完工, 一期完成
    r"(?:主体|一期|部分|基础|地基)(?:工程)?(?:已|都)?(?:完工|竣工|封顶|完成|建成|完了|弄完|建完|打完)|"
    # money received for the work
    rf"{_MONEY_RECEIVED}|封顶|"
    # only part of it yet, or nearly: 才排了五个村, 快完了
    r"才[\u4e00-\u9fff]了|快[\u4e00-\u9fff]?完|(?:干|弄|整)?到收尾|收尾阶段|正在收尾|"
    # a first step of building done (招标弄完了 施工队下礼拜进场): the building is still to come
    r"(?:招标|选址|立项|设计|规划|征地)(?:那步|这步)?(?:都|也|已经?)?(?:弄|办|搞|做|整|走|定)?(?:完|好|下来|结束)了?(?=$|[\s,，。;；])|"
    # what must still be done to the work: 一事一议的还得上会研究
    r"还(?:得|需要?)(?:上会|研究|审批|报批|批|走程序|公示)"
)
# Waiting on someone, or finishing later: work under way is in progress — but "还没开始 等县里发通知" and
# "尚未开展,计划9月20日启动,9月30日前完成" have not begun.
_AHEAD = (
    r"等(?:批|审|复|着批|待审|待批|县局|局里|上级)|等[^,，。;；\s]{0,4}(?:批|审|回复|答复|通知|签字|签批|盖章|核实|反馈)|待[^,，。;；\s]{0,6}(?:审|批|复|核实|确认)|"
    r"报(?:县局|县里|局里|上级)(?:审批|审核|批复)|"  # 已报县局审批: in its hands now
    r"审批中|审核中|已上报待|还没(?:有)?批复|批复还没(?:有)?(?:下来|到)|(?:静|等|恭)候|"  # "静候批复": waiting
    r"(?:(?<![失智技功性])能(?!力)|可以|可|争取|预计|计划|力争|有望|准备)(?:在)?[^,，。;；]{0,8}(?:完成|完工|竣工|收尾|弄完|走完|交上|交齐|报上|结束|完事|齐)|"
    r"下(?:个)?(?:月|周|礼拜|星期)[^,，。;；]{0,8}(?:收尾|完成|完工|竣工|弄完|走完|整完|交上|交齐|报上|齐|利索|完活|完事|完(?=$|[\s,，。;；]))"
)
_BLOCKED = (
    r"卡住|卡壳|卡在|卡(?:这|那)(?:了|儿|块|里|呢|$)|卡着|压着(?!呢)|停(?:这|那)(?:了|儿)|受阻|(?<![未没不给的])停工|(?<![未没不给已的经得要会就])停(?:了|着|下)|暂停|停滞|停摆|完成不了|"
    # a work verb that cannot go on: 干不了, 发不出去, 推不下去 (干不了活 is a villager who cannot work)
    rf"[{WORK_VERBS}]不(?:了(?!活)|出去|下去|下来|下(?=$|[\s,，。;；])|动|成)|[\u4e00-\u9fff]不下去|"  # 地批不下
    # waiting on what must come first: 地一定下来马上就能干
    r"(?:定下来|批下来|下来|到位|解决)(?:了)?(?:马上|立马|立刻|才|就)+能(?:干|开工|动工|开始|弄|整)|"
    r"进行不下去|推不动|推进不了|(?:开|动)不了工|定不下来|批不下来|(?<!还)没批下来|还没(?:有)?批下来(?![^。;；!！]{0,8}等)|不批|不给批|不让(?!走)|不同意|"
    r"(?:没法|没办法|无法)(?!住|过日子|生活|活|吃|说|交代|解释|回答)|"  # 房子烧得没法住了: a household's plight, not the work's
    # 对不上 of the work, not of items counted ("还有十几个对不上 在核": found, still being checked)
    r"登不上|(?<![\d一二三四五六七八九十几来多][个户人])(?<![\d一二三四五六七八九十几来多]个人)对不上(?!的)|给不过来|来不及|困难很大|难度很大|遇到困难|存在困难|有困难(?![群家户人残儿对老学职生救的居补])|"
    # V + 困难 (垫付困难, 推进困难) — but 困难群众, 困难家庭, 困难残疾人 are people, not trouble
    r"(?<![是很挺太较都还也活庭别常])(?!(?<=临)时困难|(?<=时)性困难)[\u4e00-\u9fff]困难(?![群家户人残儿对老学职生救的居补])|"  # 他家还是困难: a family's
    r"(?:需要|需|要)(?:局里|县局|上级|领导)?协调(?:解决)?"
)
_NOT_STARTED = (
    r"(?<![\d\s])\s?[×✗✘](?!\s*\d)|(?<![尚还暂])未(?:动工|开工|启动|开始|开展)|还没(?:有)?(?:呢|哪|动静|动呢)(?=$|[\s,，。;；])|还没(?:有)?顾得?上|还没(?:有)?(?:往下|往[^,，。;；\s]{1,3}|来得及|挨家|挨户|挨个|挨村)?(?:开始|走|去|访|动|启动|开工|弄|做|搞|干|开展|落实|布置|部署|安排)(?![完好齐])|(?:尚|还|暂)未(?:全面|正式)?(?:开始|启动|开展|开工|动工|建立|成立|制定|核查|排查|发放|落实)|"
    r"还一[户个村家人位]都?没(?:有)?[去走访动弄做干搞排查核]|没(?:有)?(?:开始|启动|开工|动工)|未(?:开始|启动|开工|实施|建设|进行|开展|建立)|(?<![\d一二三四五六七八九十几户人村个家])未动(?![工员用])|刚收到|刚接到|还没(?:有)?(?:发|拨)(?![完好齐])|"
    r"(?:^|(?<=[\s,，/]))(?:还)?没(?:动|整|弄|干|搞)(?![完好齐])|还没整|(?<![着户人个])没(?:动|整|弄|干|搞)(?:呢|哪|啊)?(?=$|[\s,，。;；/])|"
    # to begin later: 下周开始弄, 准备下去核查
    r"(?:下周|下个?月|下礼拜|下星期|明天|后天|过几天|过两天|近期|月底|准备|打算|计划)(?:就|再)?(?:开始|动工|启动|着手|开工)|"
    r"(?:以后|之后)[^,，。;；]{0,8}(?:开始|动工|启动|着手|开工)"  # "下来以后俺们3天内开始改"
)
# Paid or handed in later (钱下周发, 结果下礼拜报局里): the work is not through if some of it is done, and
# says nothing if none is ("还没发 下个月一块发" is not started).
_STILL_TO_PAY = r"(?:下周|下个?月|下礼拜|下星期|过几天|过两天|月底)(?:再|才|就|一块|统一)?(?:发|拨|打|报|交)|" \
    r"等[^,，。;；\s]{1,14}再(?:往上)?(?:去|弄|干|整|报|走|交|送)"  # 等路修好再去
# Hedged (已基本完成, a bare 未完成): neither done nor a share — it says nothing alone, so the sender is asked.
# ("整是整了 够呛": done, but — said so, it is theirs to say how far)
_HEDGED = r"基本(?:上)?(?:完成|弄完|完了|结束)|(?<![尚还])(?:未|没)(?:有)?完成|([\u4e00-\u9fff])是\1了"  # "未完成": begun or not?
_PATTERNS = tuple((status, re.compile(pattern)) for status, pattern in (
    (BLOCKED, _BLOCKED), (NOT_STARTED, _NOT_STARTED), ("hedged", _HEDGED), ("open", _STILL_OPEN), ("ahead", _AHEAD),
    ("later", _STILL_TO_PAY),
    (IN_PROGRESS, _STARTED), (DONE, _DONE)))


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    kind: str  # done, in_progress, blocked, not_started, "open" (a share, what is left), "ahead" (waiting, finishing
    # later), "later" (paid later)


# A count of work in a time already past is work done (本月救助14户, 一季度救助困难群众27户) — or, a running total
# (今年累计发放38.6万元), work going on (see evidence).
_COUNTED = re.compile(r"(?<![应需要拟])(?:救助|救了|发放|发了|核查|排查|走访|巡访|纳入|录入|比对|反馈|(?<![未没])完成)(?=[^\d,，。;；\s]{0,6}\s?(?:入户|电话|视频)?"
                      r"[\d一二三四五六七八九十两百千万]+(?:\.\d+)?\s?(?:户|人|位|名|个|村|元|块|万|条|份|家|所|处|次))")
_AS_OF = r"截[至止](?:\d{1,2}月(?:\d{1,2}[日号])?|[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日号])?)"
_PAST = re.compile(r"本月|这月|这个月|当月|今日|今天|今年以来|今年累计|本年度?|今年度?|累计|上月|本季度?|这(?:个)?季度|[一二三四1-4]季度|全年|上半年|截至目前|截止目前|到现在|"
                   + _AS_OF)
# (截至目前 opens officialese of work done too; 截至5月20日…共救助63户 is a total on a day)
_RUNNING = re.compile(r"今年以来|今年累计|本年度?|今年度|累计|到现在|" + _AS_OF)

# What was still open at an earlier time, said to tell it is closed now.
_BEFORE_NOW = re.compile(r"(?:上周|上个?月|上次|上回|之前|前几天|原来|本来)[^,，。;；\s]{0,4}$")

_DUE_BY = re.compile(r"(?:日|号|底|旬)前$")

# Closed since: "全镇就差俺们村 这下齐了".
_NOW_WHOLE = re.compile(r"(?:这下|这回|现在|如今)(?:都|全|也)?(?:齐|完|全)了")

# "还没开始弄 村里换届刚完": the villages' election done, told as why the work waits
_ELECTION = re.compile(r"换届(?:选举)?$")
# Work said to begin later ("计划8月开工", "下个月才开始选地"): planned, not under way.
_PLANNED = re.compile(r"(?:计划|打算|准备|拟|预计|争取|下个?月|下周|下礼拜|过几天|明天|后天)[^,，。;；\s]{0,6}$")
# "有三个人对不上 就是名字对不上": the mismatch counted, then said again of what
_COUNTED_MISMATCH = re.compile(r"[\d一二三四五六七八九十几来多]\s?个?[户人]对不上")
# What the work found ("发现需协调解决的问题4件"), or a rule it set ("往后白事不让大操大办"): not a stop of the work.
_FOUND_OR_RULED = re.compile(r"(?:发现|往后|以后|今后)[^,，。;；\s]{0,8}$")
# A hindrance told as why the work came late, not as where it stands: "疫情村里不让进,所以晚了几天".
_MADE_LATE = re.compile(r"[^。;；!！]{0,10}?(?:所以|因此|才|导致|结果)[^。;；,，]{0,4}(?:晚了|迟了|耽误|拖了|慢了|延误|推迟|晚报)")

_NOT_YET_APPROVED = re.compile(r"还没(?:有)?批下来")
_HANDED_IN = re.compile(r"(?:报|交|送)(?:上去|上来|到|给|县|局|了)")
_FINISHED = re.compile(r"(?<![没未不])(?:全面|全部|已经?)(?:完工|竣工|建成)")
# The whole closed in a last sentence of its own, after its parts were told: "…三是奖补资金已到位。全部完成。"
_CLOSED_AT_LAST = re.compile(r"(?:^|[。;；!！\s])(?:现|目前|现在)?(?:已经?|均)?(?:全部|全面)(?:完成|建成|完工|竣工)了?[。!！\s]*$")

# Money spent up is a need, not a stage of the work: "储备金快花完了 还能再拨不".
_SPENT = re.compile(r"(?:钱|金|经费|资金|款)[^,，。;；\s]{0,3}(?:快|都|已经?)?(?:花|用)(?:完|光)")

# What is still to come says nothing of work done: "等下周开完会再说", "要整完才能报".
# ("等儿童主任培训完才开始": 等 reaches further back than the other words)
_LATER = re.compile(r"等[^,，。;；\s]{5,8}$|(?:等|要(?!求)|得|才|再|准备|打算|计划|即将|(?<![很赶尽])快(?!速)|(?<![不没失智技功性])能(?!力))[^,，。;；\s]{0,4}$|"
                    r"[完好]后[^,，。;；\s]{0,16}$|"  # "排完后第一时间…报上去"
                    r"(?:让|叫|督促|通知)[^,，。;；\s]{0,6}把[^,，。;；\s]{0,6}$")


def evidence(text: str) -> list[Evidence]:
    """Every status phrase of the text, by position; a phrase inside an earlier-found one is skipped."""
    found, taken = [], bytearray(len(text))  # a flag per character keeps a long text linear
    for match in _SPENT.finditer(text):
        taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if end <= start or any(taken[start:end]):
                continue
            if kind == DONE and (_LATER.search(text, max(0, start - 20), start) or _ELECTION.search(text, max(0, start - 4), start)
                                 or _DUE_BY.search(text, max(0, start - 8), start) and "了" not in text[start:end + 1]):
                continue  # "9月30日前完成" is a deadline; "三月底前建起来了" work done by it
            if kind == IN_PROGRESS and _PLANNED.search(text, max(0, start - 10), start) \
                    and not text.startswith(("接着", "继续", "一直"), start):  # (下个月还得接着走: it goes on)
                continue  # "×未动工 计划8月开工": a plan, not work begun
            if kind == BLOCKED and (_MADE_LATE.match(text, end) or _RESUMED.search(text, end)
                                    or _FOUND_OR_RULED.search(text, max(0, start - 10), start)
                                    or text[start:end] == "对不上" and _COUNTED_MISMATCH.search(text, 0, start)):
                continue  # "中间因为疫情停了一阵子 五月份又接着干": stopped, and going again
            if kind == BLOCKED and _NOT_YET_APPROVED.fullmatch(text, start, end) and _HANDED_IN.search(text, 0, start):
                kind = "ahead"  # "档案报上去两个月了 还没批下来": handed in, waiting ("公墓选址还没批下来": stuck)
            if kind == "open" and RECEIVED.fullmatch(text, start, end) and _FINISHED.search(text):
                continue  # "全面完工…奖补资金已全部拨付到位": the money of work finished
            if kind in ("open", "ahead") and (_BEFORE_NOW.search(text, max(0, start - 8), start)
                                                or _NOW_WHOLE.search(text, end, end + 16)
                                                or _CLOSED_AT_LAST.search(text, end)):
                continue  # "上周还差5户没到 这周补齐了", "就差俺们村 这下齐了": what was open then
            found.append(Evidence(start, end, kind))
            taken[start:end] = b"\x01" * (end - start)
    past = _PAST.search(text)
    # "今年累计救助47户", "到现在一共救了二十一户": a running total of work that goes on; "本月救助14户": a round done
    # — unless the work is said done besides ("累计发放38.6万元 … 均已足额发放")
    counted = IN_PROGRESS if past and _RUNNING.fullmatch(past.group()) and not any(e.kind == DONE for e in found) \
        else DONE
    for match in _COUNTED.finditer(text, past.end() if past else len(text)):
        if not any(taken[match.start():match.end()]):
            found.append(Evidence(match.start(), match.end(), counted))
    return _past_stops_dropped(sorted(found, key=lambda e: e.start), text)


def counted(text: str, found: Evidence) -> bool:
    """Whether the phrase is a counted action ("临时救助困难群众63户": 救助, counted), not a word of a name."""
    match = _COUNTED.match(text, found.start)
    return match is not None and match.end() == found.end


def _past_stops_dropped(found: list[Evidence], text: str) -> list[Evidence]:
    """A story of the work ("先是选址跟村里扯皮 后来…定下来了 然后五月开的工 中间下雨停了一阵 现在路和围墙都弄上了"):
    a stop told before the story moves on (后来, 现在…) to work that goes on is over."""
    turns = [m.start() for m in _STORY_MOVES_ON.finditer(text)]
    if not turns or not any(e.kind == BLOCKED for e in found):
        return found
    return [e for e in found if e.kind != BLOCKED or not any(
        turn >= e.end and any(o.start >= turn and o.kind != BLOCKED for o in found) for turn in turns)]


_STORY_MOVES_ON = re.compile(r"后来|然后|最后|现在|目前|这会儿|如今|眼下|到今儿")


# going again, said as done (又接着干, 已复工) — not as what must come first (待手续补齐后复工, 补完手续才能接着干)
_RESUMED = re.compile(r"又(?:接着|开始|重新)?(?:干|弄|开工|施工|动工|整)|(?:已经?|又)(?:复工|恢复施工|重新开工)|"
                      r"(?:复工|恢复施工|重新开工)了")


# Money that reached the beneficiary is work done, not money received for the work: 钱都发到手了.
_PAID_OUT = re.compile(r"(?<![能可要将])给[^,，。;；]{0,8}(?:户|家|人)|给了[\d一二三四五六七八九十两]|发到手|到手|打到卡|打卡|到卡|到户|发放到|到折")
RECEIVED = re.compile(_MONEY_RECEIVED)


def paid_out(text: str, found: list[Evidence]) -> list[Evidence]:
    """The evidence without money "received" where the text says the money reached the households."""
    if not _PAID_OUT.search(text):
        return found
    return [e for e in found if not (e.kind == "open" and RECEIVED.fullmatch(text, e.start, e.end))]


def status_of(found: list[Evidence], partial: bool = False) -> str | None:
    """The status the phrases say, by the precedence of the module docstring; `partial`: the figures
    themselves say part of the work is done ("17个村弄完14个", a share below 100 %)."""
    kinds = {e.kind for e in found}
    if BLOCKED in kinds:
        return BLOCKED
    if "open" in kinds or partial or "ahead" in kinds and NOT_STARTED not in kinds \
            or (NOT_STARTED in kinds or "later" in kinds) and (DONE in kinds or IN_PROGRESS in kinds):
        return IN_PROGRESS
    if NOT_STARTED in kinds:
        return NOT_STARTED
    if IN_PROGRESS in kinds:
        return IN_PROGRESS
    if DONE in kinds:
        return DONE
    return None


def read(text: str) -> str | None:
    """The status of a text on its own (for the answer to "目前进度如何?")."""
    return status_of(evidence(text))
