"""Answers from the whole plan: the curated passages, every sentence of the plan document and of its
tasks, and the task table — or an honest referral.

Pure: a `Library` of plain data in (built by services/knowledge.py from the database, or by the
benchmark from the bundled files), a `Reply` out. The way of one question:

1. hello and thanks are greeted; a question that must not be answered (an order to the bot, someone's
   phone or ID number, a personal case, another year) is referred at once;
2. the question is put in the plan's words: typos by sound (core.soundalike) and the synonym table;
3. a compound question ("低保和特困现在各是多少", "储备金额度多少 几月份下拨") is split, each part
   answered on its own;
4. a part that asks over the task table (who, which department, by when; which tasks a leader or
   department has, which are due when) is answered from the rows (core.task_queries);
5. any other part is matched against every passage and sentence; what it is about is the words of
   the question the plan knows — chatter around it ("今年是不是又涨了,一个人能拿…") counts for
   nothing, while a subject the plan never names (城市低保, 报销) means the plan cannot answer;
6. what it asks must be in the text found: an amount needs a figure, a duration a duration, a list
   of papers a list of papers. Where the plan is silent the reply says so and refers — it does not
   ask back "您问的是…还是…" about two passages that both do not answer.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Mapping

from core import message_kind, numerals, policy_answer, script, task_queries
from core.plan_document import ATTACHMENT, HEADER, PREAMBLE, Part
from core.policy_answer import ANSWER, CLARIFY, DECLINE, NO_MATCH, Passage
from core.report_parser import Catalogue, TaskEntry, names_task, short_township
from core.retrieval import Doc, Hit, Retriever
from core.soundalike import Corrector
from core.task_queries import TaskRow

GREET = "greet"
PLAN_SILENT, OTHER_YEAR, OUTSIDE = "plan_silent", "other_year", "outside_plan"
_NEARLY = 0.75
MIN_COVERAGE = 0.5  # of what the question is about (its words the plan knows), by weight
MIN_SCORE = 2.0
TIE_RATIO = 0.97
_NAMING_CLOSE = 0.7  # of the best score: a sentence naming whom the question asks of, nearly as close
_LOOSE_TIE = 0.85
_NEARLY_AS_MUCH = 0.9

# What people may ask about that a plan may not have: if the plan never names it, it cannot answer.
# Benefits and services of other offices, and of life, that a civil-affairs plan seldom covers.
_URBAN_CASE = re.compile(r"(?:是|属于|吃的是|算)(城市|城镇|县城)(?=低保|户口|的)")
_OUTSIDE_WORDS = ("城市", "城镇", "县城", "城里", "城区", "市区", "报销", "医疗保险", "养老保险", "养老金", "退休",
                  "工资", "社保", "公积金", "房租", "廉租房", "公租房", "危房", "低保证", "残疾证", "身份证", "驾照",
                  "户口", "学费", "助学", "学校", "离任", "志愿者", "开证明", "复议", "诉讼", "起诉", "股长", "一键呼叫", "保费",
                  "表决", "代表大会", "评估", "贷款", "丧葬费", "丧葬补助", "高龄津贴", "采暖费", "取暖费", "电费", "水费",
                  "彩票", "婚姻", "离婚", "结婚", "收养", "地名", "门牌", "社会组织", "优抚", "退役", "独生子女",
                  "计划生育", "宅基地", "合作医疗", "新农合", "粮食", "种子", "耕地", "化肥", "农机", "核酸", "疫苗",
                  "车险", "房价", "猪肉", "失业", "人社", "盖章", "签字", "土葬", "火葬场", "吹鼓手", "流水席", "酒席", "彩礼",
                  # the plan is a plan: how far it got is the board's, not its text
                  "完成进度", "完成情况", "完成率", "考核结果",
                  "经费", "托养", "职务", "补办", "几点上班", "上班时间", "办公时间", "地址", "直播", "带货", "网红", "开业", "床位", "墓穴", "占地",
                  "无障碍", "编制", "集中供养", "分散供养")
_GREETING_WORDS = re.compile(r"你好|您好|[早晚]上好|[上下中]午好|早安|在吗|在不在|在么|在不$|在没$|有人没|有人吗|有人没有|有人不|"
                             r"谢谢|谢啦|谢了|多谢|感谢|辛苦|明白了|知道了|好嘞|好的|收到(?![没了吗])|(?:回头)?有事再问|哈{2,}|呵呵|嘿嘿|打个招呼|报个到|"
                             r"(?:想|要)?(?:问|咨询|打听)(?:一?下|点|个)?事儿?|打扰|多关照|请多指教|多指教|"
                             r"(?i:(?<![a-z])(?:thx|thanks|thank you|tks|ty|3q|hello|hi)(?![a-z]))|"
                             r"是[民名]政局?(?:不是|吗|不|么|嘛|没错)")  # "是名政局不是啊": is this the bureau
# Saying who one is, with a greeting: "土城民政办新来的".
# "在吗 王营乡民政办的 想请教几个问题": saying one will ask, asking nothing yet
_ABOUT_TO_ASK = re.compile(r"有(?:急|点|个)?事儿?(?:想|要)(?:问问?|请教|咨询)|(?:想|要)?(?:请教|问问?|咨询|打听|ask)(?:一?下)?(?:(?:几个|一个|个|点)(?:[^,，。?？]{0,16}的|[^,，。?？]{0,4}?)?)?(?:问题|事儿?)|"
                           r"(?:几个|一个|点)[^,，。?？]{0,16}(?:问题|事儿?)(?:想|要)(?:请教|问问?|咨询|打听)(?:一?下)?[。!！]?$|"
                           r"想了解(?:一下)?[^,，。?？]{0,12}(?:推进方案|方案|政策)。?$|"  # no question yet
                           r"(?:想|要)(?:请教|问问?|咨询|打听)(?:一?下)?[^,，。?？]{1,10}的事儿?[。!！]?$|"  # 想咨询一下我家低保的事
                           r"(?:这里|这儿|在这)?(?:可以|能)(?:咨询|问)[^,，。?？]{0,12}(?:吗|不|么)[?？]?$|"  # 这里可以咨询…政策吗
                           # "想核实几个数据", "请问现在有工作人员在线吗": the asking still to come
                           r"(?:想|要)?(?:核实|核对|确认|了解)(?:一?下)?(?:几个|一些|点)[^,，。?？]{0,6}(?:数据|数字|情况|问题|事)|"
                           r"(?:有|是)(?:工作人员|人工|真人|人)(?:在线|在)?(?:吗|不|么|没)[?？]?$")
_OPENING = re.compile(r"^(?:(?:你好|您好|同志|领导|老师)[啊呀,，!！\s]*)+(?:我?(?:想|要)?(?:请教|咨询|问问?|打听)(?:一?下)?[,，\s]*)?|"
                      r"^我?(?:想|要)(?:请教|咨询|问问?|打听)(?:一?下)?[,，\s]*")
_MUCH_UNSAID = 6  # the plan's words (character pairs) a resolved question may leave out of what was said before it
# Whom a greeting is said to ("你好 民政局"), or who says it
_ADDRESSED = re.compile(r"(?:^|(?<=[\s,，!！]))(?:民政局|民政所|民政办|局里|政府|工作人员|小?助手|客服|同志们?|"
                        r"老头子|老婆子|老汉|老太婆)(?:的?(?:同志|领导|老师)们?)?(?=[\s,，!！啊呀]|$)")  # (or who speaks: 老头子想…)
_SAME = re.compile(r"一样|也是|也按|相同|同样|一致")
_CONVENIENT = re.compile(r"(?:方便|可以|行|中)(?:吗|么|不|不方便)[?？!！]?")
_INTRODUCTION = re.compile(r"[我俺]是[^,，。?？\s]{0,24}(?=[,，。\s]|$)|"  # "我是黄旗新来的民政所长": all of it
                           r"(?:[我俺]是)?[\u4e00-\u9fff]{0,10}?(?:新来的|的人|办的|股的)|"
                           r"[\u4e00-\u9fff]{1,6}(?:乡|镇|村|街道|开发区)的(?=[,，。!！\s]|$)")  # "你好 选将营乡的"
_SPOKEN_AMOUNT = re.compile(r"[一二三四五六七八九两][十百千万][零一二三四五六七八九两十百千万]*(?![年岁天月人户个])")
# Another county's benefits: "隆化县低保一年多少钱", "嫁到围场了 那边特困标准". A place the plan does not
# name, said as X县/X市, or a neighbouring county said without its 县 — not a city where one works
# ("俺在北京打工 俺爹的低保多少"), which says where the asker is, not whose rules are asked.
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:县|市)(?![里城局委政级直属场])")
_NOT_A_PLACE = re.compile(r"(?:本|全|我|咱|俺|这|那|该|各|哪|每|个|们|城|县|市|省|外|别的|其他|其它)$")
_ELSEWHERE = re.compile(r"外县|别的县|别县|其他县|其它县|外市|别的市|其他市")
_REGION = ("承德县", "围场", "隆化", "滦平", "兴隆", "平泉", "宽城", "赤城", "沽源", "多伦")
# Provinces and big cities are where people work ("俺在北京打工"); they are asked about only when their
# benefits are: "北京低保多少钱", "广东特困标准".
_FAR = re.compile(r"(北京|天津|上海|重庆|河北|山西|内蒙古?|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
                  r"广东|广西|海南|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|承德市?|张家口|石家庄|唐山|秦皇岛|保定|廊坊|"
                  r"沧州|衡水|邢台|邯郸)(?:市|省)?(?:的|那边|那儿|那里)?(?:农村|城市|城乡)?(?=低保|特困|五保|临时救助|补差|标准|残疾|养老|敬老院|公墓)")
# Other years: an explicit year, or one counted from now.
_YEAR_IN_WORDS = re.compile(r"((?:二|一)[零〇一二三四五六七八九]{3})年")
_ONLY_A_TIME = re.compile(r"(?:(?:就是|也就是)?(?:明年|后年|去年|前年|来年|前几年|20\d\d年?|\d\d年|(?:[零〇一二三四五六七八九]{4}年))"
                          r"(?:那会儿?|那时候|的时候|的话|吧|了)?)+")  # "明年就是二零二一年了 低保还涨不涨"
# Who issued the plan, and when: the document's header answers, however few of its words the question has.
_ISSUED = re.compile(r"(?:方案|这个文件|这份文件|啥文件|什么文件|哪个文件)[^,，。?？]{0,6}(?:(?:谁|哪个单位|哪个部门|哪家)[^,，。?？]{0,2}(?:发|出|定|制定|印发)|"
                     r"(?:啥|什么)时候(?:出|发|定|印发|制定)|哪天(?:出|发|定|印发)|哪一?年的|还(?:管用|有效|算数))|(?:方案|文件)[^?？]{0,12}还(?:管用|有效|算数)")
_BASIS = re.compile(r"(?:根据|依据|按照|依照|按)(?:的是)?(?:哪|什么|啥)(?:一?份|个|些)?(?:文件|精神|政策|规定)|(?:根据|依据)是(?:啥|什么|哪)")
_WHICH_PART = re.compile(r"(?:算|属于|归|在)(?:方案)?(?:里|中)?的?哪一?(?:块|部分|方面|类|个部分|个方面)")
# What is asked for by "有没有X", "有X不", "能不能请X": checked against the plan's words.
_ASKED_THING = re.compile(r"有没有([\u4e00-\u9fff]{2,4}?)(?:啊|呀|呢|的|[发给][^,，。]{0,3})?$|^[^,，。?？]{0,6}?([\u4e00-\u9fff]{2,4})有没有$|^[^,，。?？]{0,8}?有([\u4e00-\u9fff]{2,3}?)(?:不|吗|么|没)$|"
                          r"能不能(?:请|给|办|让)([\u4e00-\u9fff]{2,5}?)(?:啊|呀|呢)?$")
# A child whose parents work away: "俺孙子爹妈都出去打工了", "俩孩子留守在家", "留守的娃".
# (Not a grown son gone to work: "俺儿子出去打工挣了钱 低保是不是就停了" is about 渐退期.)
_LEFT_BEHIND = re.compile(r"(?:孩子|娃|孙子|孙女|小孩)[^。?？]{0,6}(?:爹妈|爸妈|父母|爹娘|[他她][爸妈])[^。?？]{0,6}"
                          r"(?:出去|在外|外出|外面|外头)[^。?？]{0,4}打工|"
                          r"打工[^。?？]{0,10}(?:孩子|娃)[^。?？]{0,4}(?:留守|放家|留在?家)|留守的?(?:娃|孩子|小孩)|(?:孩子|娃)[^。?？]{0,3}留守")
# A child whose parent is gone, in prison or cannot care: "孩子他爸进去了 坐牢了", "孩子妈跑了".
_IN_NEED = re.compile(r"(?:孩子|娃|孙子|孙女|小孩)[^。?？]{0,4}(?:爹|爸|妈|娘|父亲|母亲)[^。?？]{0,4}"
                      r"(?:坐牢|进去了|判了|没了|走了|去世|不在了|跑了|改嫁)")
_CHILDREN = ((_LEFT_BEHIND, "留守儿童"), (_IN_NEED, "困境儿童"))
_CARE_ASKED = re.compile(r"管|看看|谁来|照顾|咋办|怎么办|监护|安置")  # (not "俺住院了 能申请临时救助吗")
_CARERS = re.compile(r"爹妈|爸妈|父母|爷爷奶奶|姥姥姥爷|爷爷|奶奶|姥姥|姥爷|[他她]爸|[他她]妈|老婆婆")
_DEFINED = re.compile(r"([^:：,，。;；]{2,8})[:：]")
_NOT_ELIGIBLE = re.compile(r"(?<!收入)(?:够不上|不够|没进|进不了|评不上|没评上|吃不上|不符合)(低保|特困)(?![线标])(?:的)?(?:条件)?")
_HARD_TIMES = re.compile(r"难处|过不去|日子紧|难关|急事|紧巴|揭不开锅|出了?事|遇上事")
_VERY = re.compile(r"老(?=多|远|贵|难|费劲|些|鼻子)")
_SINCE_YEAR = re.compile(r"(?:和|跟|比|与|从)\s*(?:20)?\d\d年(?:比|相比|起|以来|到现在)?")
_WORKPLACE = re.compile(r"(?:[我俺]|我们|俺们)是[\u4e00-\u9fff]{1,12}(?:民政局|局|县|单位|医院|学校|卫生院|报社|电视台)的?")  # (a township office is whose the task is)
_SUBSIDY = re.compile(r"([\u4e00-\u9fff]{2})(补贴|补助|津贴)")
_NOT_A_KIND = re.compile(r"[啥么有没的点些个种项俩两这那给发领拿能要多少哪该还再也都就是]")
_CHILD_TOLD = re.compile(r"孩子们?|小孩儿?|娃娃?")
_HELP_ASKED = re.compile(r"多给|给点|给些|能救|救不|救吗|帮帮|帮一把|帮衬|能给|给不给|管不管|有啥(?:救助|补助|帮扶)|给啥")
_ELDER_ASKED = re.compile(r"照顾|照护|巡访|探访|看望|留守|台账|登记|六十|60|敬老院|养老院|养老机构|高龄|失能|护理|孤寡|一个人(?:在家|过)|独居|没人管")
_LODGING = re.compile(r"住哪|搬(?:到|去)?哪|住回|搬回|回来住|(?:换|转|调)到[^,，。?？]{0,10}(?:住|去)|出了[^,，。?？]{0,4}(?:院|养老机构)|搬出|接出去")
_AT_ONCE = re.compile(r"(?:一起|一块儿?|同时|两个都|俩都|两样都)(?:能|可以)?(?:领|拿|享受|吃)|会不会(?:算重|重复)|"
                      r"重复(?:享受|领)|兼领|又吃着[^,，。?？]{0,8}又领")
_COMPACT_REF = re.compile(r"(?<![一二三四五六七八九十\d])([三四])([一二三四五])(\d{1,2})(?![\d.])")
_PLAN_HAS = re.compile(r"(?:这个|那个)?(?:方案|文件)(?:里|上|中)?(?:头)?(?:有没有|有吗|有没)[?？]?")
_LEADING_AND = re.compile(r"^(?:还有|另外|以及|和|那个)")
_MENTIONED = re.compile(r"有没有(?:提到|提及|说到?|写到?|讲到?|涉及|规定)(?:过)?(?:要)?([\u4e00-\u9fff]{2,14}?)(?:的(?:内容|规定|说法|事|要求))?$|"
                        r"有没有([\u4e00-\u9fff]{3,14}?)的(?:内容|规定|说法)$")
# Words about a rule rather than a thing (有没有规定, 有变化没, 有出处没, 在不在里面), and places and people.
# (A modal or a verb going somewhere is no thing: "能先给的", "能不能给纳进去".)
_META_THING = re.compile(r"^(?:能|可以|会|可|先)|^[啊呀呢吧哈嘛]|中不中|(?:进去|进来|上去|下来|起来|出来|过来)$|"
                         r"规定|政策|说法|办法|要求|标准|文件|讲究|人|啥|什么|事|钱|落下|漏掉|遗漏|补助|补贴|救助|帮助|照顾|优惠|待遇|条件|倾斜|"
                         r"限制|变|调|责任|出处|依据|根据|区别|不同|关系|问题|影响|必要|可能|搞头|希望|时限|时间|期限|日期|日子|截止|节点|"
                         r"多点|多些|高点|一点|那个|这个|"
                         r"在|里|俺|我|咱|你|他|她|的$")
# Whether something has happened yet: "批下来没", "台账报上来没有" (but "标准定了没" asks the standard).
_DONE_YET = re.compile(r"(?:交|报|建|弄|办|批|审|修订|排查|比对|核查|核实|完成|发|拨|收到|审批|材料)(?:上来|上去|好|完|下来|到位|过)?了?没(?:有)?"
                       r"(?:啊|呢|呀)?[?？]?$|到底(?:批|审|办|发)没(?:批|审|办|发)|([交报批审办建弄])没\1|"
                       r"(?<![要得该])(?:建|弄|干|搞|做|修|进行|推进|审|批|办)到(?:哪一步|哪步|哪了|哪儿了|哪|什么程度|啥程度)|进展(?:到哪|怎么样)|进度(?:到哪|怎么样)|"
                       r"(?:实际|已经|目前|现在|到底)(?:建成|完成|建好|修好)了?(?:几|多少)")  # "5处公墓实际建成了几处"
_EXCEPT = re.compile(r"除了[^,，。?？\s]{1,12}?(?:以外|之外|外|(?=[,，\s]|$))")
_META = re.compile(r"(?:文件|方案)(?:里|上)?(?:写没写|有没有写|写了没|提没提|有没有说|说没说)|你?别糊弄(?:我|俺)?|"
                   r"(?:这个|那个)?(?:方案|文件)(?:里|上|中)?头?(?:有没有|有吗|有没)(?=[?？]?$)")  # "公墓奖补 方案里有没有"
_CONFIRMING = re.compile(r"(?:是|这)?(?:真的|真|对的|对|假的|不是真的|是不是真的|真的假的|对不对|是不是|没错)(?:吗|么|不|没|啊|呀|吧)*[?？]?")
_THANKS = re.compile(r"\s*(?:谢谢|多谢|感谢|谢了)")
_UNDERSTOOD = re.compile(r"明白了|知道了|懂了|清楚了|听明白")
_YEAR_WORDS = re.compile(r"明年|去年|前年|后年|(?<![\d十几两三四五六七八九百])来年|上一年|下一年|往年|那会儿|以前的|原先的|早些年")
_FUTURE = re.compile(r"明年|后年|(?<![\d十几两三四五六七八九百])来年|下一年")
# A five-year plan's period: 十三五 ends with this plan's year; one the plan does not name is another time.
_FIVE_YEAR_PERIOD = re.compile(r"[“\"]?十[一二三四五六七八九]五[”\"]?")

# What a question asks for, and what the text found must hold to answer it.
_MONEY = re.compile(r"多少钱|几块钱|多少元|什么价|花多少|交多少|收多少|给多少钱|补多少钱|补助钱|"
                    r"补多少|能补|补助多少|(?:要|得|需要)花钱|花钱买|(?:谁|要不要|得)出钱|摊钱|白给|免费|收费|要钱|卖(?:多少|好几|几)|"
                    r"(?:自己)?掏钱|交钱")  # "住敬老院吃饭要不要自己掏钱"
_AMOUNT = re.compile(r"啥标准|什么标准|标准是啥|标准是什么|给多少|拿多少|发多少|补多少|标准是多少|标准多少|一个月多少|一年多少|(?<![没不])多少(?!年)")
# How much more: the text must say the rise itself (由4500元提高至4800元), not only the new level.
_TIMES = re.compile(r"(?:一|每)年[^,，。?？]{0,4}(?:几回|几次|多少次|多少回)|(?:还能|还可以|能不能|还让)再(?:领|申请|要|给|办)|(?:申请|领|救助|给|发)[^,，。?？]{0,3}(?:几回|几次|多少次|多少回)|(?:能|可以)(?:领|申请)[两三几]次")
_TIMES_IN_TEXT = re.compile(r"[\d一二三四五六七八九十两]+\s*(?:次|回)|每(?:个)?(?:季度|月|年)")
_INCREMENT = re.compile(r"(?:多拿|多给|多发|多补|涨了?|增加|提高|多|差|高)多少")
_RAISED_BY_FIGURES = re.compile(r"由(?:每年|年)?\d+(?:\.\d+)?元?[^,，。;；]{0,6}(?:提高|调整|增加)(?:到|至)\d+|增加\d+|提高了?\d+")
_INCREMENT_IN_TEXT = re.compile(_RAISED_BY_FIGURES.pattern + "|提高一档")
_NUMBER_ASKED = re.compile(r"(索引号|文号|编号|号码)(?:是)?多少")
_QUOTED = re.compile(r"[“\"‘']([^”\"’'“‘]{2,24})[”\"’']")
_TOLD_AMOUNT = re.compile(r"(?:花|欠|借|挣|赚|收入|花费|看病|治病)[^\d,，。?？]{0,3}$")
_SAID_AMOUNT = re.compile(r"(?<![\d.])(?!20\d\d年)\d{3,}(?![\d年%])")
# How many people (一共多少低保户): a count of households or people in the text, not an amount.
_AGE = re.compile(r"多少周?岁|几周?岁|多大岁数|多大年纪|多大年龄|年龄线|年龄(?:要求|是多少|多少)|(?:领|发|给)到多大")
_RISE_ASKED = re.compile(r"比(?:去年|往年|上一年|以前|原来)[^,，。?？]{0,4}(?:多|涨|增加|高|提高)了?多少")
_HEADCOUNT = re.compile(r"多少(?:低保|特困|五保|困难)?(?:户|人员|人|对象|家)|(?:一共|总共|有|共)几户|总人数|总户数|"
                        r"(?:总数|人数|户数)[^,，。?？]{0,4}多少")  # "低保对象、特困人员总数各是多少"
# How to go about it ("五保咋整"): the text must say where or how one applies.
_PROCEDURE = re.compile(r"咋申请|怎么申请|如何申请|去哪办|找谁办|上哪办|怎么办理|咋办理|^(?![这那])\S{1,4}(?:咋整|咋办|怎么办)[啊呀呢]?$")
_PROCEDURE_IN_TEXT = re.compile(r"申请|办理|程序|组档|找|到所在")
_SHARES = re.compile(r"比例|怎么分|咋分|如何分|分了多少|分多少|分到多少|能分多少")
_BEFORE = re.compile(r"(?:提标|提高|调整|涨)前|以前|原来")
# More than the usual, not how much more: "能不能多给点" is answered by how the amount is raised.
_MORE = re.compile(r"(?:多给|多补|多发|再给|多帮)(?:点|些|一点|一些)")
_MORE_IN_TEXT = re.compile(r"提高[^,，。;；]{0,4}(?:额度|一档)|一事一议")
# Which households a tier is for, who may move in: what the passages say the plan leaves out.
_WHICH_GROUP = re.compile(r"对应|一类|二类|三类|(?:啥|什么|哪种|哪类)样?的?(?:人|家|户)|分别给谁|给哪些人|给谁的")
_ADMISSION = re.compile(r"能不能(?:住|进)|能住进|能进不|入住|收不收|能不能收")
_COUNT = re.compile(r"(?<![哪那这好])(?:几处|几所|几个|几档|几类|几项|几条|几家|几次|几户)|多少处|多少所|多少个|多少家|多少次|"
                    r"多少(?:低保|特困|五保|困难)?户|多少人")
# (and a length put to be confirmed: "渐退期就是6个月 对不对")
_DURATION = re.compile(r"多长时间|多久|多长|(?<!好)(?:几个月|几年|几天)|多少天|时间多长|期限多长|"
                       r"(?:就是|是|为|有|只有)[\d一二三四五六七八九十两半]+\s*(?:个月|年|天)(?:吗|么)?\s*(?:对不对|是不是|对吗|是吧|吧|吗)")
_PERIOD = re.compile(r"按月还是按年|按年还是按月|按月|按年|每月发|每年发|月发还是|年发还是|一个月还是一年|"
                     r"月[^,，。?？还]{0,3}还是[^,，。?？]{0,3}年|年[^,，。?？还]{0,3}还是[^,，。?？]{0,3}月")
# When it is paid (按月发还是一年发一回), not what it comes to a year: the text must say how it is paid.
_PAYDAY = re.compile(r"(?:按月|按年|每月|每年|一个?月|一年)[^,，。?？]{0,3}发还是|发[^,，。?？]{0,3}(?:一回|一次)|多久发|几个月发|"
                     r"(?:一个?月|一年|一季度?)一发|(?:按月|每月)[^,，。?？]{2,8}还是[^,，。?？]{0,3}(?:一年|按年)(?:给|发|打)|"
                     r"(?:按月|每个?月|一个?月)[^,，。?？还]{0,4}还是[^,，。?？]{0,6}(?:年底|年终|一年|按年|一块|一次)")  # 按月给 还是年底一块给
_PAYDAY_IN_TEXT = re.compile(r"(?:按月|按季|按年|每月|每季度?|每年)(?:发放|发|打卡)")
# Per head or per household: the text must say which.
_PER_WHOM = re.compile(r"按?(?:一个)?人(?:头)?(?:算|发|给)?还是按?(?:一)?(?:家|户)|按?(?:户|家)(?:算|发|给)?还是按?(?:一个)?人|"
                       r"每人[^,，。?？]{0,4}还是每户|每户[^,，。?？]{0,4}还是每人")
_PER_WHOM_IN_TEXT = re.compile(r"每人|人均|每户|按户|按人|/人|/户")
_PAPERS = re.compile(r"(?:啥|什么|哪些|哪几样)(?:材料|手续|证件|证明|资料|条件|表格|清单)|(?:还用不用|要不要|用不用)(?:重新)?(?:交|报|提供)(?:材料|证明|资料)|(?:需要|要交|要填)(?:啥|什么|哪些)表|(?:材料|手续|证件|证明)(?:有哪些|是啥|要啥|都有啥|咋办|怎么办|咋弄)|"
                     r"带啥|带什么|准备啥|准备什么|交啥|交什么")
# How a task is to be done: answered with its measures.
_HOW = re.compile(r"(?:咋|怎么|怎样|如何)(?:做|搞|弄|干|推进|保证|落实|开展|抓|处理|操作|实施|执行|安排|运作|运行)|"
                  r"(?:啥|什么|哪些|哪几项|哪几个)[\u4e00-\u9fff]{0,4}?(?:措施|举措|走访活动|关爱办法)|"  # 哪些关爱措施, 哪些具体措施
                  r"(?:抓|干|做|办)(?:点|些|的)?(?:啥|什么|哪几件|哪些|哪几样)(?:事|活|工作)?(?:呢|啊)?[?？]?$|"
                  r"哪几步|几步|步骤|哪些环节|(?:咋|怎么|如何)(?:关爱|帮扶|照顾|要求|规定)的?|"
                  r"(?:哪几条|几条|哪几项)(?:推进)?(?:措施|举措)|措施(?:都)?(?:有|是)?(?:哪几条|哪些|几条|啥)|"
                  r"(?:核查|排查|核|查)个?(?:啥|什么)|"
                  # "三(一)5的一是、二是要点是什么", "有哪些活动": the task's measures
                  r"[一二三四五]是[、,，]?(?:[一二三四五]是)?[^,，。?？]{0,8}(?:写|是|内容|要点|原文|列)|要点|(?:哪些|啥|什么)活动|"
                  r"列了(?:哪些|啥|什么)(?:手段|方式|办法)")
_DAY = re.compile(r"几号|哪天|哪一天|几月几日|几月几号")
# An amount for one person or one case wants a figure per head, not a total (a reserve of 350万元).
_PER_CASE = re.compile(r"一次|每次|一回|每回|每户|一户|每人|一人|一个人|每个|一家|每村|每乡|每个乡镇|分到|能分")
_PER_CASE_IN_TEXT = re.compile(r"元/年|元/月|元/人|每人|每户|人均")
_VILLAGE = re.compile(r"哪个村|哪些村|什么村|哪几个村")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:元|万|%|块)|[零一二三四五六七八九十百千万两]+(?:元|万元)")
_MONEY_IN_TEXT = re.compile(r"\d+(?:\.\d+)?\s*(?:元|万元|块)|[零一二三四五六七八九十百千万两]+(?:元|万元)")
# Particulars a question may ask, and what a text that gives them holds (a table: each row a pattern pair).
_PARTICULARS = tuple((re.compile(asked), re.compile(held)) for asked, held in (
    (r"多远|多少米远|多少公里|多少里地?|距离[^,，。?？]{0,4}(?:多少|几)", r"\d+\s*(?:米|公里|千米|里)"),
    (r"资金来源|(?:钱|资金|经费)[^,，。?？]{0,4}(?:从|打)哪(?:来|出|儿来|里来)|谁出(?:钱|资)|(?:各|分别)(?:占|出)多少|总投资|投资(?:多少|额)",
     r"来源|来自|财政|承担|配套|投资"),
    (r"罚款|罚多少|罚钱|咋罚|怎么罚|处罚|罚不罚|(?:啥|什么|哪种|哪类)处分|处分(?:种类|标准)|党纪处分|政务处分",
     r"罚|处分"),
    (r"多少分|(?<![十百])几分(?!之)|打分|分值|扣分|评分", r"\d+\s*分(?![钟之别])|评分|打分"),
    (r"(?:几个|多少|哪些)人[^,，。?？]{0,2}组成|谁组成|成员", r"组成|成员|组长"),
    (r"模板|(?<!怎)样表|格式|哪些栏|栏目", r"模板|样表|格式|栏"),
    (r"第[几\d一二三四五六七八九十]+列|几列|哪些?列|字段|表头", r"列|字段|表头"),  # 附表第三列填的是啥
    # how income is reckoned, or how one is found to be of a group: "收入咋算", "困境儿童是怎么认定的"
    (r"收入[^,，。?？]{0,4}(?:咋|怎么|如何)(?:算|核算|计算)|算(?:不算)?(?:进|到)?(?:家庭)?收入|算进去",
     r"核算|计算|计入|算入"),
    (r"认定(?:标准|条件)|(?:怎么|如何|咋)认定", r"认定|是指|指的是|条件(?:是|为|[:：])"),
    # who approves ("低保审批权限下放到乡镇了没", "乡里审批还是县里审批"): an authority the text names
    (r"权限|审批权|谁(?:来)?(?:审批|批)|(?:乡里|县里|乡镇|县局)(?:审批|批)还是",
     r"权限|审批权|由[^,，。;；]{1,8}(?:审批|批准)"),
    # how often ("多长时间去一回 一个月一回还是咋的"), a reimbursement rate, a fee waived, a public notice
    (r"多长时间(?:去|来|查|访)?一(?:回|次|趟)|多久(?:去|来|查|访)?一(?:回|次|趟)|几天一(?:回|次)|一个月一(?:回|次)还是",
     r"每(?:个)?(?:月|周|季度|天)[^,，。;；]{0,6}(?:一次|一回|访|查)|\d+\s*(?:天|周|个月)一次"),
    (r"(?:医保|医疗)[^,，。?？]{0,4}(?:报|报销)(?:多少|几成)|报销比例", r"报销"),
    (r"不要钱|免费|白住|不花钱|收费", r"免费|收费|不收"),
    (r"公示|张榜", r"公示|张榜"),
    (r"局长(?:是谁|叫(?:什么|啥)|姓(?:啥|什么))|谁是局长", r"局长"),  # (李晓芬局长: a leader named)
    # whether money is given at all ("县里管啥 给钱不"): the money named, with or without a figure
    (r"(?<!先)给钱不|有钱不|给不给钱", r"资金|奖补|补贴|补助|救助金|\d\s*元|储备金"),
))
# "方案没有写各档对应哪些家庭,也没有写按月还是按年计算": what the curated passages say the plan lacks.
_SILENCE = re.compile(r"[^。;；,，]*(?:没有写|没写|未写明|没有规定|未规定)[^。;；]*")
_COUNTED = re.compile(r"\d+\s*(?:处|所|个|档|类|项|条|家|次)|[一二三四五六七八九十两]+(?:处|所|个|档|类|项|条|家|次)|"
                      r"\d+元、\d+元")
_UNTIL_DONE = re.compile(r"多久[^,，。?？]{0,3}完")
_DEADLINE_IN_TEXT = re.compile(r"\d{1,2}月(?:底|中旬|上旬|下旬)前?")
_DURATION_IN_TEXT = re.compile(r"(?<!\d)[\d一二三四五六七八九十两半]{1,3}\s*(?:个月|年|天|周|日内)|每(?:个)?(?:月|季度|半年|年|周)")  # (2020年 is no duration)
_PERIOD_IN_TEXT = re.compile(r"元/年|元/月|每月|每年|按月|按年|年\d|月\d")
_PAPERS_IN_TEXT = re.compile(r"材料|手续|证件|证明|资料|表格|(?:排查|自查|工作|总结)报告")  # 报送排查报告: a paper handed in
_DAY_IN_TEXT = re.compile(r"\d{1,2}\s*[日号]|[一二三四五六七八九十]{1,3}[日号]|\d{4}-\d{1,2}-\d{1,2}")
_VILLAGE_IN_TEXT = re.compile(r"[\u4e00-\u9fff]{2,4}(?<![农各])村(?![民规委级集])")  # not 农村, 各村
# The subject is carried into a following part that has none: "储备金额度多少 几月份下拨".
# Whose case a clause tells or asks of: the asker's, kin's, a neighbour's.
_WHOSE = re.compile(r"俺|我|咱|他|她|人家|邻居|老伴|老头|孩子|[爹娘爸妈]|" + policy_answer.SURNAME + r"[\u4e00-\u9fff]{0,2}家")
_RULE_ASKED = re.compile(r"多少|啥意思|什么意思|是啥|是什么|啥叫|什么叫|哪[两三四几](?:项|样|种|类)|有哪些")  # a standard or a meaning
_CASE_ASKED = re.compile(policy_answer.CASE_STATUS + r"|(?<![有都哪])[几哪]档|能[^,，。?？]{0,8}(?:不|吗|没)$|给个?|给句")
# Whose the case is, as the asker says it (俺家, 给俺, 我们), taken out to read the rule asked of it
_OWNER = re.compile(r"(?:给|把)?(?:俺|我|咱)们?家?(?:的|里)?")
# "…的脱贫对象,保留低保政策", "因病导致家庭支出过大的贫困家庭,及时予以临时救助": a plight, and what it gets
_RULES_A_CASE = re.compile(r"(?:的|对象|家庭|人员|困难)[,，]?(?:及时|适当)?(?:保留|给予|予以|提高)")
_OWN_CASE = "您家的具体情况(够不够条件、能领多少)要按家庭情况核定,"
_COMPOUND_JOINS = re.compile(r"(?:和|跟|与|及|以及|还有|、|或者|或)")


@dataclass(frozen=True)
class Library:
    """Everything an answer may come from, as plain data."""

    plan_title: str
    plan_year: int
    cite_as: str
    passages: tuple[Passage, ...] = ()  # the curated knowledge base
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # passage key → its keywords
    parts: tuple[Part, ...] = ()  # the plan document outside the task blocks
    tasks: tuple[TaskRow, ...] = ()
    measures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # task ref → its sentences
    synonyms: Mapping[str, str] = field(default_factory=dict)  # variant → term
    townships: tuple[str, ...] = ()  # the county's townships, by full name


@dataclass(frozen=True)
class Reply:
    kind: str  # answer / clarify / decline / greet
    text: str
    keys: tuple[str, ...] = ()  # what answered (or the choices offered)
    score: float = 0.0
    reason: str = ""  # why it was declined
    sources: tuple[str, ...] = ()  # the texts an answer's figures may come from
    derived: tuple[str, ...] = ()  # figures computed from them (a monthly equivalent)


@dataclass(frozen=True)
class _Source:
    """A text that can answer: a curated passage, a sentence of the document or of a task."""

    key: str
    ref: str
    topic: str
    text: str
    passage: Passage | None = None


# Words that say where a document part is, as people ask for it (the part's meaning, not its text).
_PART_WORDS = {
    HEADER: ("发文单位", "发布单位", "哪个单位发", "谁发的", "印发", "发布机构", "成文日期", "发布日期", "哪天发",
             "什么时候发", "啥时候发", "发文时间", "文件编号", "索引号", "文号", "啥时候定的", "什么时候定的",
             "制定时间", "出台", "方案名称", "叫什么名", "哪天出", "啥时候出", "什么时候出", "出的", "标题", "全称",
             "题目"),
    PREAMBLE: ("根据", "依据", "文件精神", "为什么制定", "制定目的", "背景", "依据什么", "开头", "开篇", "一开始"),
    ATTACHMENT: ("附件", "附表", "后面附", "后头附", "最后附", "附的", "任务清单", "清单表", "末尾", "最后面"),
}


class Answerer:
    """Built once per library (knowledge-base and plan version); `answer` reads any question."""

    def __init__(self, library: Library):
        self.library = library
        self.sources: dict[str, _Source] = {}
        docs = []
        for passage in library.passages:
            self._add(docs, _Source(passage.key, passage.ref, passage.topic, passage.text, passage),
                      library.keywords.get(passage.key, ()))
        for i, part in enumerate(library.parts):
            if part.ref == HEADER:
                text = f"标题:{library.plan_title};{part.text}"
                self._add(docs, _Source(f"doc:{i}", part.ref, part.title, text), _PART_WORDS[HEADER])
                continue
            words = _PART_WORDS.get(part.ref, ())
            for n, sentence in enumerate(_sentences(part.text or "")):
                self._add(docs, _Source(f"doc:{i}:{n}", part.ref, part.title or part.ref, sentence),
                          (part.title, *words))
        for row in library.tasks:
            for n, sentence in enumerate((row.title, *library.measures.get(row.ref, ()))):
                self._add(docs, _Source(f"task:{row.ref}:{n}", row.ref, row.short, sentence), ())
        quoted = {q for source in self.sources.values() for q in _QUOTED.findall(source.text)}
        # What a question may be about, for splitting "低保和特困各是多少": the terms the synonym table
        # maps people's words to, longest first.
        self.subjects = tuple(sorted(set(library.synonyms.values()), key=lambda t: (-len(t), t)))  # the same order every run
        self._header = next((key for key, source in self.sources.items() if source.ref == HEADER), None)
        # the preamble's sentence that names what the plan is made on ("根据《…实施方案》文件精神")
        self._basis = next((key for key, source in self.sources.items() if source.ref == PREAMBLE
                            and re.search(r"根据|依据", source.text)), None)
        self.retriever = Retriever.build(docs, library.synonyms, quoted | set(library.synonyms.values()))
        # The subjects passages are about: the first of a topic's terms (低保 of 农村低保标准, 特困 of
        # 特困供养标准), but not a term that ends many topics (标准 ends three): what a list of subjects run
        # together names ("低保特困各是多少"), where "特困供养标准调整前后各是多少" names one.
        rewrite = self.retriever.analyzer.rewrite
        in_topics = [sorted((t for t in self.subjects if t in rewrite(p.topic)), key=rewrite(p.topic).find)
                     for p in library.passages]
        lasts = Counter(terms[-1] for terms in in_topics if len(terms) > 1)
        self.heads = frozenset(terms[0] for terms in in_topics if terms) - {t for t, n in lasts.items() if n > 2}
        # Who people are (俺娘, 爷爷 → 老年人), not what they get: told of the asker, not asked about.
        people = {term for variant, term in library.synonyms.items() if _KIN.search(variant)}
        self.benefits = self.heads - people
        kin = sorted((v for v, term in library.synonyms.items() if term in people and _KIN.search(v)
                      and not re.search("孩|娃|孙|儿|女", v)), key=len, reverse=True)  # the elders among them
        self._kin = re.compile("|".join(map(re.escape, kin))) if kin else None
        vocabulary = "\n".join([*(s.text for s in self.sources.values()), *library.synonyms.values(),
                                *(n for row in library.tasks for n in (*row.leaders, *row.departments))])  # 李小芬
        self.corrector = Corrector(vocabulary)
        # The words the plan and the curated passages speak of — leaving out what a passage says the
        # plan does not have ("没有城市(城镇)低保标准"), which is no subject it can answer.
        stated = [clause for p in library.passages for clause in re.split(r"[。;；,，]", p.text)
                  if not _NEGATED_CLAUSE.search(clause)]
        self.plan_words = "\n".join([*(p.text for p in library.parts), *(row.text for row in library.tasks), *stated])
        home = re.match(r"(.{2,6}?)(?:满族自治县|自治县|县|市)", library.plan_title)
        self._home = re.compile(rf"(?:{home.group(1)}|本|我|咱|俺们?|我们|咱们|全)(?:满族自治县|县)(?!民政局)|"
                                rf"{home.group(1)}(?!县?民政局)") if home else None
        # Sections called by their names: 补齐短板(方面) → 三(二); 工作要求 → 四.
        self._section_refs = {re.sub("方面$", "", row.section): row.ref.rsplit(")", 1)[0] + ")"
                              for row in library.tasks if row.section and ")" in row.ref}
        self._section_refs |= {part.title: part.ref for part in library.parts
                               if part.title and any(c.ref.startswith(f"{part.ref}(") for c in library.parts)}
        names_of_sections = "|".join(map(re.escape, sorted({*self._section_refs, *_NUMBERED_PART}, key=len, reverse=True)))
        self._numbers = re.compile(rf"({names_of_sections})(?:方面)?的?第?([一二三四五六七八九十]|\d{{1,2}})"
                                   r"(?:项|条|点|节|个|部分)") if names_of_sections else None
        places = sorted({form for name in library.townships for form in (name, short_township(name)) if len(form) > 1},
                        key=len, reverse=True)
        self._own_place = re.compile(rf"((?:俺|我|咱)们?(?:这|那)?(?:个|边|儿)?)(?:{'|'.join(map(re.escape, places))})"
                                     ) if places else None
        self._leaders = tuple(dict.fromkeys(n for row in library.tasks for n in row.leaders))
        # What questions may be about besides the topics' first words (储备金)
        self._things = tuple(filter(_is_thing, self.subjects))
        # The passages that say what people in a given plight get (by them a household's case is ruled on),
        # with the words of the plight that are no benefit's name: 收入, 脱贫 of "人均收入低于低保标准的脱贫对象"
        self._plights = {p.key: frozenset(plight[i:i + 2] for i in range(len(plight) - 1)
                                          if not any(plight[i:i + 2] in head for head in self.heads))
                         for p in library.passages for found in [_RULES_A_CASE.search(p.text)] if found
                         for plight in [re.split(r"[:：。;；]", p.text[:found.start()])[-1]]}
        names = {n for row in library.tasks for n in (*row.leaders, *row.departments)}
        self._table_names = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))) if names else None
        self.catalogue = Catalogue(tuple(TaskEntry(row.ref, row.ref.rsplit(")", 1)[-1].split("-")[0], row.title,
                                                   library.measures.get(row.ref, ())) for row in library.tasks), ())

    def _add(self, docs: list, source: _Source, keywords) -> None:
        self.sources[source.key] = source
        docs.append(Doc(source.key, source.topic, source.text, tuple(keywords)))

    # --- one question ------------------------------------------------------------------------

    def answer(self, question: str) -> Reply:
        # ("我db被停了": pinyin initials are read before anything is screened)
        question = self.corrector.spell_out(_in_chinese(script.simplified(question.strip())))
        reason = policy_answer.screen(_RELAYED.sub(" ", question))  # "吴婶问补差几档": asked for her, no case
        if reason != policy_answer.INJECTION and (message_kind.is_greeting(question) or self._only_greets(question)):
            return Reply(GREET, "您好!")  # (an order to the bot is declined, greeted or not)
        if reason == policy_answer.PERSONAL:
            # "农村低保标准现在多少 俺家够不够": the rule asked answered, the household's case referred
            # ("俺听人说残疾人有两项补贴 是哪两项 俺男人能领不": what was told, without whose, is the rule's subject)
            general = " ".join(c if not _WHOSE.search(c) else _WHOSE.sub(" ", c).strip()
                               for c in message_kind.clauses(question) if not (_WHOSE.search(c) and _asks(c)))
            if general != question and _RULE_ASKED.search(general) and not _CASE_ASKED.search(general) and any(
                    head in self.retriever.analyzer.rewrite(general) for head in (*self.heads, *self._things)):
                reply = self.answer(general)
                if reply.kind == ANSWER:
                    return replace(reply, text=f"{reply.text}\n\n{_OWN_CASE}{policy_answer.where_to_ask()}")
            # "俺家前年脱贫的 收入比低保线高一丢丢 是不是马上给俺停了": a case the plan has a rule for (收入高于
            # 低保标准但未稳定脱贫的, 给予渐退期) — the rule is told, the household's own case referred
            neutral = _OWNER.sub("", question)
            if neutral.strip() and neutral != question and policy_answer.screen(_RELAYED.sub(" ", neutral)) is None:
                reply = self.answer(neutral)
                if reply.kind == ANSWER and reply.keys and all(self._plight_told(key, neutral) for key in reply.keys):
                    return replace(reply, text=f"{reply.text}\n\n{_OWN_CASE}{policy_answer.where_to_ask()}")
        if reason:
            return Reply(DECLINE, "", reason=reason)
        # The year asked about, not one told ("俺老伴前年走了 … 低保现在多少"): the asking clauses.
        # "听说2021年特困要涨到七千 是真的吗": asking only whether it is true asks of what was told.
        asked = " ".join(c for c in message_kind.clauses(question) if _asks(c) and not _CONFIRMING.fullmatch(c)
                         or _ONLY_A_TIME.fullmatch(c))  # "明年 就是2021年 低保还涨不涨"
        # "俺听说2022年特困又涨了 涨到多少了": a question that names nothing of its own asks of the year told
        # ("和2015年比,丰宁的低保标准涨了多少": measured from the year told, it asks of that year too)
        if self._other_year(asked or question) or asked and self._other_year(question) and (
                _SINCE_YEAR.search(question) or not any(head in self.retriever.analyzer.rewrite(asked) for head in self.heads)):
            return Reply(DECLINE, "", reason=OTHER_YEAR)
        text = self._in_digits(self._without_aspect(self.corrector.correct(_RELAYED.sub(" ", question))))
        text = _VERY.sub("很", text)  # "花了老多钱": 老 of degree, no old person
        if _HARD_TIMES.search(text):  # "够不上低保 一时过不去了": the plan's 不符合低保条件 (not 收入够不上低保线)
            text = _NOT_ELIGIBLE.sub(r"不符合\1条件", text)
        text = _META.sub(" ", text)  # "…有多少低保户 文件里写没写": whether the plan says it is the question itself
        text = _OPENING.sub("", text) or text  # "您好 想咨询一下低保标准是多少": the asking is in what follows
        # "我是邻县民政局的。…你们丰宁调到多少了": where the asker works, said first, is no part of the question
        text = " ".join(c for c in message_kind.clauses(text) if not _WORKPLACE.fullmatch(c)) or text
        # What the question asks about — its asking clauses; "新农合报了点" told before "民政能给点救助不"
        # is context. An admin's synonym may make a word a plan word.
        clauses = message_kind.clauses(text)
        asking = " ".join(c for c in clauses if _asks(c)) or text
        # "县城里的低保 补差给多少": a clause that only names a subject, right before the question, is what it is of
        first = next((i for i, c in enumerate(clauses) if _asks(c)), 0)
        # ("城镇低保补差最高500 对不对": asked only whether it is right, the claim before is what is asked)
        confirming = all(_CONFIRMING.fullmatch(c) for c in clauses if _asks(c))
        topic = clauses[first - 1] if first and (len(clauses[first - 1]) <= 8 or confirming) and not re.search(
            r"了|^(?:我|俺|咱)", clauses[first - 1]) and any(
            head in self.retriever.analyzer.rewrite(clauses[first - 1]) for head in self.heads) else ""
        # "除了医保报销 民政能救助不"
        rewritten = self._without_plan_places(self.retriever.analyzer.rewrite(_EXCEPT.sub(" ", f"{topic} {asking}")))
        # "是农村的还是城里的" asks which: the plan's side of it answers.
        # "城镇户口的残疾人 低保标准跟农村一样不": the same as the plan's, asked of something told before
        compared = self.retriever.analyzer.rewrite(text) if _SAME.search(asking) else rewritten
        # "新丰路街道这边是城市低保 补差标准是多少": told of the asker's own, urban, case
        compared += " ".join(_URBAN_CASE.findall(text))
        # (and in the words as typed: 丧葬费, which the synonyms read as the plan's 殡葬, is no 殡葬 of the plan —
        # unless a synonym maps that very word)
        typed = self._without_plan_places(_EXCEPT.sub(" ", asking))
        if first and not any(head in rewritten for head in self.heads):
            typed += f" {clauses[first - 1]}"  # "家里要做无障碍改造,民政给不给补": what it asks of, told before
        outside = next((w for w in _OUTSIDE_WORDS if (w in compared or w in typed and not any(
                            w in variant for variant in self.library.synonyms)) and w not in self.plan_words
                        and not re.search(rf"还是[^,，。?？]{{0,3}}{w}|{w}[^,，。?？]{{0,6}}还是", compared)), "")
        if outside:
            return Reply(DECLINE, f"方案里没有关于“{outside}”的规定", reason=OUTSIDE)
        if any(_DONE_YET.search(c) for c in message_kind.clauses(asking)):  # "土城的老人台账报上来没": what has happened
            return Reply(DECLINE, "方案只写要做的事和时限,做没做、批没批下来,方案里查不到", reason=PLAN_SILENT)
        if _AT_ONCE.search(question):  # "低保和两项补贴能一起领不": the plan never says what may be had together
            return Reply(DECLINE, "能不能同时享受,方案没有写", reason=PLAN_SILENT)
        if _LODGING.search(asking) and ("养老机构" in self.retriever.analyzer.rewrite(text) or "改造" in text):
            # "改造的时候俺们这些老人搬到哪住": the plan builds the homes; where their old people live meanwhile,
            # or after they leave, it does not say
            return Reply(DECLINE, "养老机构里的老人改造期间住哪里、搬出后怎么安排,方案没有写", reason=PLAN_SILENT)
        # "有没有专门的返乡补贴 就业补贴啥的": a kind of subsidy whose name the plan never says
        unknown = next((f"{m.group(1)}{m.group(2)}" for m in _SUBSIDY.finditer(asking)
                        if m.group(1) not in self.plan_words and not _NOT_A_KIND.search(m.group(1))), "") \
            or self._unknown_thing(asking, question)
        if unknown:
            return Reply(DECLINE, f"方案里没有关于“{unknown}”的规定", reason=PLAN_SILENT)
        place = self._elsewhere(question)
        if place:
            return Reply(DECLINE, f"方案只管本县,没有“{place}”的规定", reason=OUTSIDE)
        # The plan is all about its own county: "丰宁县农村低保多少" asks what "农村低保多少" asks.
        text = self._home.sub("", text) if self._home else text
        child = next((term for pattern, term in _CHILDREN if pattern.search(text)
                      and (term == "留守儿童" or _CARE_ASKED.search(asking))), "")
        if child and not re.search(r"留守老|老人|老年", asking):
            # "孩子爹妈都出去打工了 就俺带着 民政管不管": the child is what the plan calls a 留守儿童 (or, its father in
            # prison, a 困境儿童), and the parents and grandparents told of are no 老年人 asked about
            text = _CARERS.sub(" ", text)
            first_asking = next((c for c in message_kind.clauses(text) if _asks(c)), "")
            at = text.find(first_asking) if first_asking else len(text)
            text = f"{text[:at]}{child}{text[at:]}"
        rewritten_asking = self.retriever.analyzer.rewrite(asking)
        if not child and any(h in rewritten_asking for h in self.benefits - {"留守儿童"}) and not _CARE_ASKED.search(asking):
            # "我跟孩子们要是吃上低保一人一年多少", "等孩子大了出去挣钱 … 低保是不是立马就停": the children are who the
            # benefit is for, not the children's care asked about
            text = _CHILD_TOLD.sub(" ", text)
        if self._kin is not None and _HELP_ASKED.search(asking) and not _ELDER_ASKED.search(text):
            # "我爷爷家房子塌了这种大困难能多给点吗": whose hardship, not the old people's services asked about
            text = self._kin.sub(" ", text)
        # "这个方案是谁发的 民政局吗": the header, not 民政局's tasks; "根据哪个文件制定的": the preamble's basis
        document = [key for key, pattern in ((self._header, _ISSUED), (self._basis, _BASIS))
                    if key is not None and pattern.search(text)]
        if document:
            return _combined([self._from_source(self.sources[key], text, Hit(key, 1.0, 1.0)) for key in document])
        text = self._pair_by_ref(self._numbered(text))
        named = [name for name in self._leaders if name in text]
        # "李晓芬和杨亚威各自单独牵头的是哪几项": each leader's, asked of each in turn
        # "低保与特困标准分别是多少?储备金又要达到多少?": questions asked one after another, each of its own subject
        sentences = self._asked_apart(text) if _SENTENCES.search(question) else [text]
        parts = [(_of_one(text, name, named), "") for name in named] if len(named) > 1 and _EACH.search(text) \
            else [p for s in sentences for p in _split(s, self.retriever, self.subjects, self.heads, self.benefits)]
        replies = [self._part(part, subject) for part, subject in parts]
        if len(parts) == 1:
            replies = [self._with_amount(replies[0], parts[0][0])]
        if all(r.kind == CLARIFY for r in replies) and (len(parts) > 1 or parts[0][0] != text):
            # "俺脱贫了 低保是不是就给俺停了 … 是不是就停了": the parts, cut from what was told, fit two passages
            # alike; the whole question fits one
            whole = self._part(text)
            if whole.kind == ANSWER:
                return whole
        # "公墓具体建在哪个村 离俺家远不远": the part of the plan that answers the rest is silent on it
        silent = next((r for r in replies if r.reason == PLAN_SILENT and r.keys), None)
        if silent is not None and len(replies) > 1 and all(
                self._ref(r.keys[0]) == self._ref(silent.keys[0]) for r in replies if r.kind == ANSWER and r.keys):
            return silent
        return _combined(replies)

    def _asked_apart(self, text: str) -> list[str]:
        """The questions of a text that asks one after another, each asking clause naming subjects no other one
        names, and each of another task (what is told before one goes with it) — or the text whole."""
        groups, told = [], []
        for clause in message_kind.clauses(text):
            if _asks(clause):
                groups.append((" ".join([*told, clause]), clause))
                told = []
            else:
                told.append(clause)
        heads = [{h for h in self.heads if h in self.retriever.analyzer.rewrite(asking)} for _, asking in groups]
        if len(groups) < 2 or not all(heads) or any(a & b for n, a in enumerate(heads) for b in heads[n + 1:]):
            return [text]
        # ("能先救急不?临时救助的钱一共备了多少": 先行救助 and 临时救助 are one task's; asked of it together)
        refs = [self.sources[hits[0].key].ref for group, _ in groups
                for hits in [self.retriever.search(group, limit=1, count_unseen=False)] if hits]
        if len(set(refs)) < len(groups):
            return [text]
        return [*(group for group, _ in groups[:-1]), " ".join([groups[-1][0], *told])]

    def _with_amount(self, reply: Reply, question: str) -> Reply:
        """"临时救助储备金额度多少、几月下拨、责任领导是谁": the task table says who and by when; the amount asked besides
        is a passage's, added after it."""
        if reply.kind != ANSWER or not reply.keys or not all(_TASK_REF.fullmatch(key) for key in reply.keys) \
                or not (_AMOUNT.search(question) or "标准" in question):
            return reply
        rest = task_queries.without_table_words(question)
        amount = self._part(rest) if rest.strip() else None
        if amount is None or amount.kind != ANSWER or any(_TASK_REF.fullmatch(key) for key in amount.keys) \
                or not _FIGURE.search(amount.text):
            return reply
        return _combined([reply, amount])

    def _pair_by_ref(self, question: str) -> str:
        """"村规民约和结对帮扶这两块,各是谁牵头": two tasks named by their words, each asked of — as their refs, which
        the task table answers each."""
        pair = _NAMED_PAIR.match(question)
        if not pair or not _EACH.search(question) or not task_queries.asks_of_a_task(question):
            return question
        refs = [names_task(side, self.catalogue) for side in pair.group(1, 2)]
        if not all(refs) or refs[0] == refs[1]:
            return question
        return f"{question[:pair.start(1)]}{refs[0]}和{refs[1]}{question[pair.end():]}"

    def _plight_told(self, key: str, question: str) -> bool:
        """Whether the question tells the plight a passage rules on ("前年脱贫的 收入比低保线高" of 渐退期), not
        only the benefit ("低保为啥给停了")."""
        return any(word in question for word in self._plights.get(key, ()))

    def _ref(self, key: str) -> str:
        """The part of the plan an answer's key comes from: a source's ref, or a task's own ref."""
        source = self.sources.get(key)
        return source.ref if source else key

    @staticmethod
    def _in_digits(text: str) -> str:
        """"低保不还是四千五吗": an amount said in words as the plan writes it, in digits (4500)."""
        def digits(match: re.Match) -> str:
            number = numerals.value(match.group(0))
            return str(number) if number and number >= 100 else match.group(0)  # 二十多年 is no amount
        return _SPOKEN_AMOUNT.sub(digits, text)

    def _without_plan_places(self, text: str) -> str:
        """土城镇 is a township, not 城镇: places the plan names are no outside subject."""
        return re.sub(r"([\u4e00-\u9fff]{2})(?=[镇乡])", lambda m: " " if m.group(1) in self.plan_words else m.group(0),
                      text)

    def _without_aspect(self, text: str) -> str:
        """"脱了贫" as the plan writes it, 脱贫: a 了 inside a word the plan has."""
        return re.sub(r"(?<=([\u4e00-\u9fff]))了(?=([\u4e00-\u9fff]))",
                      lambda m: "" if m.group(1) + m.group(2) in self.plan_words else "了", text)

    def _numbered(self, question: str) -> str:
        """Parts and tasks called by a section's name and a number, as their refs: "补齐短板第2项" →
        三(二)2, "工作要求第三条" → 四(三), "第三部分第二节" → 三(二), "三(一)3第二块" → 三(一)3-2."""
        question = _PART_OF_A_TASK.sub(lambda m: f"{m.group(1)}-{_TOP_NUMBERS[m.group(2)]}", question)
        question = _COMPACT_REF.sub(r"\1(\2)\3", question)  # 三一4 → 三(一)4
        def ref(match: re.Match) -> str:
            prefix, number = self._section_refs.get(match.group(1)) or _NUMBERED_PART.get(match.group(1), ""), \
                match.group(2)
            count = int(number) if number.isdigit() else _TOP_NUMBERS.get(number, 0)
            if not prefix or not count:
                return match.group(0)
            if prefix.endswith(")"):  # a section of tasks: its tasks are numbered 1, 2, 3
                return f"{prefix}{count}"
            return f"{prefix}({'一二三四五六七八九十'[count - 1]})" if count <= 10 else match.group(0)
        return self._numbers.sub(ref, question) if self._numbers else question

    def _elsewhere(self, question: str) -> str:
        """The other county or city the question asks about, if any (not one the plan names), in the clauses
        that ask: "俺是滦平的 想问问你们丰宁农村低保…" asks of this county; where the asker is from is told."""
        asking = " ".join(c for c in message_kind.clauses(question) if _asks(c))
        # "我常年在滦平上班 … 村里能有人定期上门看看不": where one lives is told, not asked — unless the
        # question points back at it ("俺闺女嫁到围场了 那边特困标准…")
        if asking and not re.search(r"那边|那里|那儿|他们那|她那|当地", asking):
            question = asking
        found = _ELSEWHERE.search(question) or _FAR.search(question)
        if found:
            return found.group(1) if found.re is _FAR else found.group(0)
        for match in _PLACE.finditer(question):
            name = match.group(1)  # "2020年丰宁县": 年丰宁 ends in a name the plan has
            if not _NOT_A_PLACE.search(name) and not re.search(r"[是在的了到去从归由和跟与给对里个那这问说]", name) \
                    and not any(name[i:] in self.plan_words for i in range(len(name) - 1)):
                return match.group(0)
        return next((place for place in _REGION if re.search(rf"{place}(?![村屯沟营镇乡街路])", question)
                     and place not in self.plan_words), "")  # 兴隆村 is a village here

    def _unknown_thing(self, asking: str, text: str = "") -> str:
        """What a question asks whether there is, or whether one may do, when no word of it is the plan's:
        "迁坟有补偿不", "能不能请吹打班子", "有没有范本发一个" — the plan is silent on it."""
        told = message_kind.clauses(text)
        if len(told) > 1 and _PLAN_HAS.fullmatch(told[-1]):
            # "孩子上学的营养餐 还有学杂费减免 这个方案里有没有": each thing named before, the plan's or not
            for clause in told[:-1]:
                thing = _LEADING_AND.sub("", clause).rsplit("的", 1)[-1]  # 孩子上学的营养餐: the thing is 营养餐
                said = self.retriever.analyzer.rewrite(thing)
                covered = {i + j for i in range(len(said) - 1) if said[i:i + 2] in self.plan_words for j in (0, 1)}
                if len(thing) >= 3 and len(covered) < 0.6 * len(said):  # 公墓奖补: two words of the plan's
                    return thing
        for clause in message_kind.clauses(asking):
            for found in _ASKED_THING.finditer(clause):
                thing = next(g for g in found.groups() if g)
                if not _META_THING.search(thing) and not self.retriever.knows(thing) \
                        and not (self._own_place and self._own_place.search(f"俺{thing}")):  # 有没有大滩: a place
                    return thing
            # "方案里有没有提到志愿者", "有没有说每个乡镇要建社工站": whether the plan speaks of something, when
            # not three characters of it in a row are the plan's
            mentioned = _MENTIONED.search(clause)
            thing = next((g for g in mentioned.groups() if g), "") if mentioned else ""
            said = self.retriever.analyzer.rewrite(thing)  # as the plan words it, synonyms and all
            if len(thing) >= 3 and not any(said[i:i + 3] in self.plan_words for i in range(len(said) - 2)):
                return thing
        return ""

    def _only_greets(self, question: str) -> bool:
        """"你好啊同志", "在吗 想问点事": a greeting word, and nothing the plan knows of; "谢谢啦 奶奶说听
        明白了", "谢谢啦 俺回头跟邻居们说": thanks, asking nothing."""
        if not _GREETING_WORDS.search(question):
            return False
        rest = _ADDRESSED.sub(" ", _ABOUT_TO_ASK.sub(" ", _INTRODUCTION.sub(" ", _GREETING_WORDS.sub(" ", _RELAYED.sub(" ", question)))))
        # thanks, or an answer understood, and nothing asked: "谢谢啦 俺回头跟邻居们说"
        # "您好 我是…的社工 平时做留守儿童服务 想咨询几个问题(,方便吗)": questions announced, none asked yet
        announced = _ABOUT_TO_ASK.search(question) and not any(
            _asks(c) for c in message_kind.clauses(question) if not _ABOUT_TO_ASK.search(c) and not _CONVENIENT.fullmatch(c))
        return not self.retriever.knows(rest) or bool(announced) or bool(
            _UNDERSTOOD.search(question) or _THANKS.search(question)) and not any(_asks(c) for c in message_kind.clauses(question))

    def _other_year(self, question: str) -> bool:
        """A year the plan is not about: named (2018年, 22年) or counted (明年, 那会儿) — but not one
        the plan itself speaks of (2019年国家、省考核反馈问题). A year in words (二零二一年) is a year."""
        question = _YEAR_IN_WORDS.sub(lambda m: "".join(str("零一二三四五六七八九".index(c)) if c != "〇" else "0"
                                                        for c in m.group(1)) + "年", question)
        # 比去年涨了多少, 去年多少 今年调到多少了: this year's rise, which the plan states from the old figure
        compared = re.search(r"(?:比|跟|和|较)(?:去年|往年|上一年|以前)", question) or re.search(
            r"去年|以前|原来", question) and re.search(r"今年|现在|调到|提到|涨到", question)
        if _YEAR_WORDS.search(question) and not compared and (_AMOUNT.search(question) or _MONEY.search(question)
                                             or _COUNT.search(question) or _FUTURE.search(question)):
            return True  # "去年低保多少钱", "明年还涨不" — not "俺家去年脱贫了 低保还给留着不"
        if any(period.strip("“”\"") not in self.plan_words for period in _FIVE_YEAR_PERIOD.findall(question)):
            return True
        if not policy_answer.other_year(question, self.library.plan_year):
            return False
        years = {year if len(year) == 4 else f"20{year}" for year in re.findall(r"20\d\d|(?<!\d)\d\d(?=年)", question)} \
            - {str(self.library.plan_year)}  # 19年 is 2019
        best = self.retriever.search(question, 1, count_unseen=False)
        spoken = best and all(year in self.sources[best[0].key].text for year in years)
        return not (years and spoken)

    def _outline(self, question: str) -> Reply | None:
        """"工作要求一共几条 都是啥": the sections of a part of the plan, by their titles; "方案分为哪几个
        部分": its top parts, and the sections of the tasks'."""
        tops = [part for part in self.library.parts if part.ref in _TOP_NUMBERS]
        sections = {row.ref.rsplit(")", 1)[0] + ")": row.section for row in self.library.tasks if row.section}
        if _WHOLE_OUTLINE.search(question) and len(tops) > 1 and not any(
                part.title and part.title in question for part in self.library.parts):
            lines = [f"方案正文分{_CHINESE_COUNT.get(len(tops), len(tops))}部分:"]
            for part in tops:
                inner = "、".join(f"{ref[len(part.ref):]}{name}" for ref, name in sections.items() if ref.startswith(part.ref))
                lines.append(f"{part.ref}、{part.title}" + (f":{inner}" if inner else ""))
            around = [name for ref, name in ((PREAMBLE, "前言"), (ATTACHMENT, "附件")) if any(p.ref == ref for p in self.library.parts)]
            if around:
                lines.append("另有" + "和".join(around) + "。")
            cite = f"依据:{self.library.cite_as}"
            return Reply(ANSWER, "\n".join([*lines, cite]), ("outline:",), 1.0, sources=(*lines, cite))
        asked = _CONTENT_ASKED.search(question)
        if not _OUTLINE.search(question) or asked and not any(
                asked.group(1) in p.title for p in self.library.parts):  # "提了哪几个强化" asks the parts
            return None
        for part in self.library.parts:
            # its numbered parts, or the sections of the tasks it holds (三、具体任务及措施: 脱贫攻坚方面…)
            children = [(p.ref, p.title) for p in self.library.parts if p.ref.startswith(f"{part.ref}(")] or [
                (ref, name) for ref, name in sections.items() if ref.startswith(f"{part.ref}(")]
            number = _TOP_NUMBERS.get(part.ref, 0)
            # (a title said short: 具体任务 of 具体任务及措施)
            named = part.title and re.split(r"及|和|与", part.title)[0] in question or number and re.search(
                rf"第{part.ref}部分|第{number}部分|{part.ref}、", question)
            if children and named:
                lines = [f"{part.ref}、{part.title}共{len(children)}{'个方面' if children[0][1].endswith('方面') else '条'}:"]
                lines += [f"{ref[len(part.ref):]}{title}" for ref, title in children]
                cite = f"依据:{self.library.cite_as} {part.ref}"
                return Reply(ANSWER, "\n".join([*lines, cite]), (f"outline:{part.ref}",), 1.0,
                             sources=(*lines, cite))
        return None

    def _part(self, question: str, subject: str = "") -> Reply:
        """One question; `subject`, when the question was split by its subjects, the one it is of."""
        outline = self._outline(question)
        if outline is not None:
            return outline
        # "四(三)讲的啥" (after "工作要求第三条"): the part the ref names, whole.
        named = next((part for part in self.library.parts if part.text and "(" in part.ref
                      and re.search(re.escape(part.ref) + r"(?![\d(])", question)), None)
        if named is not None:
            cite = f"依据:{self.library.cite_as} {named.ref}、{named.title}"
            text = f"{named.ref}{named.title}:{named.text}"
            return Reply(ANSWER, f"{text}\n{cite}", (f"part:{named.ref}",), 1.0, sources=(text, cite))
        # "低保各是多少": how much of a subject is its standard.
        wanted = f"{question} 标准" if (_AMOUNT.search(question) or _MONEY.search(question)) and "标准" not in question \
            else question
        # "工作要求里督查是咋搞的": the part named, where it holds an answer (searched deeper, for its passages)
        within = next((ref for name, ref in self._section_refs.items()
                       if re.search(re.escape(name) + r"(?:方面)?(?:里|中|部分|这块|那块|里面|当中)", question)), None) \
            or next(iter(_TASK_REF.findall(question)), None)  # "三(一)1里头要核查的是哪些户": that task's sentences
        quoted = [q for q in _QUOTED.findall(question) if len(q) > 2  # (a part's title, “目标任务”, names where to look)
                  and not any(q in part.title for part in self.library.parts)]
        hits = self.retriever.search(wanted, limit=40 if within or quoted else 8, count_unseen=False)
        inside = [hit for hit in hits if self.sources[hit.key].ref.startswith(within)] if within else []
        # "方案讲“兜底线”,后面还有两句是啥": the sentences that hold the words quoted
        inside = inside or [hit for hit in hits if any(q in self.sources[hit.key].text for q in quoted)]
        hits = inside[:8] or hits[:8]
        # "俺们选将营今年建不建公墓": where the asker lives may be told, not asked ("俺们杨木栅子在公墓名单里没"
        # asks it): the reading that leaves more of the question unexplained loses.
        told = self._own_place.sub(r"\1", wanted) if self._own_place else wanted
        if told != wanted:
            without = self.retriever.search(told, limit=8, count_unseen=False)
            if without and (not hits or without[0].coverage > hits[0].coverage):
                hits = without
        hits = self._of_whom_asked(wanted, hits)
        best = hits[0] if hits else None
        # "家里突然出事了手里没钱 能先救个急不": the telling shares too little with the passage its question
        # points to; what it asks, searched alone, decides — when it points to the same passage.
        asked = " ".join(c for c in message_kind.clauses(question) if _asks(c))
        if best is not None and best.coverage < MIN_COVERAGE and asked and asked != question:
            again = self.retriever.search(asked + wanted[len(question):], limit=8, count_unseen=False)
            if again and again[0].key == best.key and again[0].coverage >= MIN_COVERAGE:
                hits, best = again, again[0]
        found = (best.key,) if best else ()
        task_ref = self._task_named(question, hits)
        task_ref = task_ref if not within or task_ref and task_ref.startswith(within) else None
        row = next((row for row in self.library.tasks if row.ref == task_ref), None)
        # (the task's own passage found, not another part of the plan: "违法违纪问题 方案如何规定" is 四(四)'s)
        of_the_task = best is None or best.coverage < MIN_COVERAGE or self.sources[best.key].ref == task_ref
        if _HOW.search(question) and row is not None and row.measures and not task_queries.asks_of_a_task(question) \
                and of_the_task:
            return self._measures(row)  # "民政办咋处理": how, not who or by when
        table = task_queries.read(question, self.library.tasks, (task_ref,) if task_ref else ())
        if table is not None:
            lines = task_queries.describe(table, self.library.plan_year)
            rows = table.tasks
            cite = f"依据:{self.library.cite_as} " + ("任务表" if table.kind != task_queries.FACTS or len(rows) != 1
                                                     else rows[0].ref)
            sources = tuple(s for row in rows for s in (row.title, row.ref, row.deadline_text, *row.leaders,
                                                        *row.departments, *(st.written for st in row.steps)))
            return Reply(ANSWER, "\n".join([*lines, cite]), tuple(r.ref for r in rows), 1.0,
                         sources=(*sources, *lines, cite))
        if _HOW.search(question) and row is not None and row.measures and of_the_task:
            return self._measures(row)
        if best is None or best.coverage < MIN_COVERAGE or best.score < MIN_SCORE:
            return Reply(DECLINE, "", found, best.score if best else 0.0, NO_MATCH)
        answering = [hit for hit in hits if hit.coverage >= MIN_COVERAGE and hit.score >= TIE_RATIO * best.score * 0.6]
        # The best passage saying the plan does not say what is asked settles it.
        silent = next(iter(_silences(question, self.sources[best.key].text)), "") if best in answering else ""
        # Only what is about the question as much as the best is: a passage on 低保 holds an amount, but
        # not of "公墓一个墓穴多少钱".
        holding = [hit for hit in answering if self._holds_what_is_asked(question, self.sources[hit.key].text)]
        # "临时救助能多给点不" after the hardship told: what answers is how more is given, however much
        # of the telling it shares.
        # So too an amount asked where the closest passage holds none: "特困老人一年给多少" asks 特困's, not 老人's.
        rewrite = self.retriever.analyzer.rewrite
        amount_elsewhere = _AMOUNT.search(question) and best not in holding and bool(holding) and any(
            head in rewrite(self.sources[holding[0].key].topic) and head in rewrite(question) for head in self.heads)
        closest = max((hit.coverage for hit in holding), default=0.0) if _MORE.search(question) or amount_elsewhere \
            else best.coverage
        fitting = [hit for hit in holding if hit.coverage >= _NEARLY_AS_MUCH * closest]
        if silent or not fitting:
            return Reply(DECLINE, silent, found, best.score, PLAN_SILENT, sources=(self.sources[best.key].topic,))
        first = fitting[0]
        # "公墓建设有奖补没有": of the same part, the sentence that holds a word asked which the closest leaves out
        asked_words = self.retriever.words(question)
        def words_of(hit: Hit) -> set[str]:
            return self.retriever.words(self.sources[hit.key].text)
        # (but not one about others than whom it asks of: 留守老年人's sentence, for "有人来看看孩子吗")
        people = self._people_asked(question)
        first = next((hit for hit in holding if self.sources[hit.key].ref == self.sources[first.key].ref
                      and self.sources[hit.key].passage is None and hit.coverage > first.coverage
                      and asked_words & words_of(hit) - words_of(first)
                      and (not people or self._names(hit, people) or not self._names(first, people))), first)
        # The curated passage written from the same part of the plan says it whole, where the
        # plan's own sentence may say only a piece of it: prefer it when it is nearly as close.
        # (Not when the plan's sentence holds a word asked that the passage leaves out.)
        curated = next((hit for hit in fitting if self.sources[hit.key].passage is not None
                        and self.sources[hit.key].ref == self.sources[first.key].ref
                        and hit.score >= _NEARLY * first.score and hit.coverage >= first.coverage
                        and not asked_words & words_of(first) - words_of(hit)), None)
        first = curated or first
        # Of curated passages about as close, one whose topic is the part's subject: "低保和特困各是多少"
        # asks of 低保 农村低保标准, not 补差标准, though the words of both are 低保 and 标准.
        named = {hit.key: bool(subject) and subject in rewrite(self.sources[hit.key].topic) for hit in fitting}
        if subject and self.sources[first.key].passage is not None:
            first = max((hit for hit in fitting if self.sources[hit.key].passage is not None
                         and hit.score >= _NEARLY * first.score and hit.coverage >= first.coverage),
                        key=lambda hit: (named[hit.key], hit is first), default=first)
        # "听说低保涨到5000了": of two curated passages about as close, not the one about more than was asked
        # (三级精神、智力残疾低保对象 提高一档, when no 残疾 is asked)
        if self.sources[first.key].passage is not None:
            first = next((hit for hit in fitting if hit is not first and self.sources[hit.key].passage is not None
                          and hit.score >= TIE_RATIO * first.score and self._narrower(first, hit, question)), first)
        # Two curated passages on different topics, as close as each other and as much named: ask which
        # was meant — readily when the question names barely anything ("一个月给多少钱"). (Naming by the
        # subject said first, not split off, answered "怎么办理护照" with 低保申请: 怎么办 is a synonym of 申请.)
        # "临时救助是啥": the passage that says what it is ("临时救助:…") answers, not another about it
        defining = next((hit for hit in fitting if self.sources[hit.key].passage is not None and (
            head := _DEFINED.match(self.sources[hit.key].text)) and _meaning_asked(head.group(1), question)), None)
        if defining is not None:
            return self._from_source(self.sources[defining.key], question, defining)
        tie = TIE_RATIO if len(self.retriever.words(question)) > 1 else _LOOSE_TIE
        rivals = [hit for hit in fitting if hit is not first and hit.score >= tie * first.score
                  and self.sources[hit.key].passage is not None and self.sources[first.key].passage is not None
                  and self.sources[hit.key].topic != self.sources[first.key].topic
                  and hit.coverage >= first.coverage and named[hit.key] >= named[first.key]
                  and not self._narrower(hit, first, question)]
        if rivals:
            return Reply(CLARIFY, "", (first.key, rivals[0].key), first.score)
        return self._from_source(self.sources[first.key], question, first)

    def _people_asked(self, question: str) -> list[str]:
        """Whom a care question asks of (留守儿童, 老年人 — not 俺爹 of "俺爹是特困人员"), by the last two characters of
        their name (儿童 of 孩子 asks of the 留守儿童, 年人 of 老年人); none where a benefit is asked."""
        rewritten = self.retriever.analyzer.rewrite(question)
        people = self.heads - self.benefits
        return [h for h in people if h[-2:] in rewritten] if not any(h in rewritten for h in self.benefits) else []

    def _names(self, hit: Hit, people: list[str]) -> bool:
        text = self.retriever.analyzer.rewrite(self.sources[hit.key].text)
        return any(h in text for h in people)

    def _of_whom_asked(self, question: str, hits: list[Hit]) -> list[Hit]:
        """"留守儿童 民政有人来问问情况不": a sentence about 留守老年人 shares 留守, 民政 and 情况 with it, but not
        whom it asks of; one nearly as close that names them comes first."""
        asked = self._people_asked(question)
        if not hits or not asked:
            return hits

        def names_them(hit: Hit) -> bool:
            return self._names(hit, asked)
        if names_them(hits[0]):
            return hits
        naming = next((hit for hit in hits[1:] if hit.score >= _NAMING_CLOSE * hits[0].score
                       and hit.coverage >= MIN_COVERAGE and names_them(hit)), None)
        return [naming, *(hit for hit in hits if hit is not naming)] if naming else hits

    def _narrower(self, hit: Hit, than: Hit, question: str) -> bool:
        """Whether `hit`'s topic is about more than the question says and `than`'s is not: "补差最高那一档
        是多少" is of 补差标准, not of 三级精神、智力残疾低保对象提高一档 (no 残疾 asked)."""
        asked = self.retriever.analyzer.rewrite(question)
        def unsaid(key: str) -> list[str]:
            topic = self.retriever.analyzer.rewrite(self.sources[key].topic)
            return [t for t in self.heads if t in topic and t not in asked]
        return bool(unsaid(hit.key)) and not unsaid(than.key)

    def _measures(self, row: TaskRow) -> Reply:
        """"公墓这事县里打算咋推进": the task's measures (一是…, 二是…), as the plan lists them."""
        lines = [f"{row.ref} {row.title}的措施:", *(f"{n}. {m}" for n, m in enumerate(row.measures, 1))]
        cite = f"依据:{self.library.cite_as} {row.ref}"
        return Reply(ANSWER, "\n".join([*lines, cite]), (row.ref,), 1.0, sources=(row.ref, row.title, *row.measures, cite),
                     derived=tuple(str(n) for n in range(1, len(row.measures) + 1)))  # the list's numbers

    def _task_named(self, question: str, hits: list[Hit]) -> str | None:
        """The task the question's words name: the report parser's finder, else the best passage's — none when
        all of the question is in a part of the document ("发布机构写的是谁": 机构 is no 养老机构)."""
        if hits and hits[0].key.startswith("doc:") and hits[0].coverage >= 0.9:
            return None
        named = names_task(question, self.catalogue)
        if named:
            return named
        # "临时救助那项有没有社会福利股的事": the task is what is left once the table's names are out.
        if self._table_names and self._table_names.search(question):
            hits = self.retriever.search(self._table_names.sub(" ", question), limit=1, count_unseen=False)
        for hit in hits[:1]:
            ref = self.sources[hit.key].ref
            if hit.coverage >= MIN_COVERAGE and any(row.ref == ref for row in self.library.tasks):
                return ref
        return None

    @staticmethod
    def _holds_what_is_asked(question: str, text: str) -> bool:
        """Whether the text holds what the question asks for (see the module docstring, step 6).
        What a passage says the plan lacks ("没有写按月还是按年") holds nothing."""
        text = _SILENCE.sub("", text)
        number = _NUMBER_ASKED.search(question)  # "索引号多少" asks for a number, not an amount
        if number:
            return re.search(rf"{number.group(1)}[:：]?\s*\d", text) is not None
        if _PROCEDURE.search(question) and not _AMOUNT.search(question) and not _PROCEDURE_IN_TEXT.search(text):
            return False
        if _SHARES.search(question) and not re.search(r"比例|按[^,，。;；]{1,6}分配", text):
            return False  # "350万储备金按什么比例分到各乡镇"
        if _BEFORE.search(question) and (_AMOUNT.search(question) or _MONEY.search(question)) \
                and not re.search(r"由\d", text):
            return False  # "补差提标前那三档是多少": the old figures, which the text must give
        if _RISE_ASKED.search(question) and not re.search(r"由\d", text):
            return False  # "储备金350万 比去年多了多少": a rise the text must give from a figure before
        if _PAYDAY.search(question) and not _PAYDAY_IN_TEXT.search(text):
            return False
        if _PER_WHOM.search(question) and not _PER_WHOM_IN_TEXT.search(text):
            return False
        if _PERIOD.search(question) and not _PERIOD_IN_TEXT.search(text):
            return False
        if _PAPERS.search(question) and not _PAPERS_IN_TEXT.search(text):
            return False
        if _DAY.search(question) and not _DAY_IN_TEXT.search(text):
            return False
        if _INCREMENT.search(question) and not _INCREMENT_IN_TEXT.search(text):
            return False
        if _TIMES.search(question) and not _TIMES_IN_TEXT.search(text):  # "临时救助一年能申请几回"
            return False
        # "提高一档以后 具体能多拿多少钱": a tier up says how, not how much money
        if _INCREMENT.search(question) and re.search(r"钱|元|块|具体", question) and not _RAISED_BY_FIGURES.search(text):
            return False
        if _MORE.search(question) and not _MORE_IN_TEXT.search(text):
            return False
        if _WHICH_GROUP.search(question) and not re.search(r"对应|对于|的?人员|的对象|的家庭", text):  # 无劳动能力人员
            return False
        if _ADMISSION.search(question) and not re.search(r"入住|接收|条件", text):
            return False
        if _VILLAGE.search(question) and not _VILLAGE_IN_TEXT.search(text):
            return False
        if any(asked.search(question) and not held.search(text) for asked, held in _PARTICULARS):
            return False  # "公墓选址得离村子多远", "资金来源", "几个人组成", "能罚款不": what no passage found says
        if _DURATION.search(question):  # ("多久建完": by when — a deadline answers it too)
            return bool(_DURATION_IN_TEXT.search(text) or _UNTIL_DONE.search(question) and _DEADLINE_IN_TEXT.search(text))
        if _AGE.search(question):  # "多少岁以上的要登记": an age, as the plan writes it (60周岁)
            return bool(re.search(r"\d+\s*周?岁", text))
        if _HEADCOUNT.search(question):
            return bool(re.search(r"[\d一二三四五六七八九十两百千万]+\s*(?:户|人)", text))
        if _COUNT.search(question):
            return bool(_COUNTED.search(text) or _FIGURE.search(text))
        if (_MONEY.search(question) or _AMOUNT.search(question)) and _PER_CASE.search(question) \
                and not _PER_CASE_IN_TEXT.search(text):
            return False
        # "低保不是5000吗": of an amount — not of one spent or earned ("孩子住院花了三万多")
        if _MONEY.search(question) or any(not _TOLD_AMOUNT.search(question, max(0, m.start() - 4), m.start())
                                          for m in _SAID_AMOUNT.finditer(question)):
            return bool(_MONEY_IN_TEXT.search(text))
        if _AMOUNT.search(question):
            return bool(_FIGURE.search(text))
        return True

    def _from_source(self, source: _Source, question: str, hit: Hit) -> Reply:
        if source.passage is not None:
            composed = policy_answer.compose(source.passage, question)
            # "公墓这个事在方案里算哪一块的": the section the task stands in
            section = next((f"属于方案{row.ref.rsplit(')', 1)[0]})“{row.section}”" for row in self.library.tasks
                            if row.ref == source.ref and row.section and ")" in row.ref), "") \
                if _WHICH_PART.search(question) else ""
            said, cite = composed.text().rsplit("\n", 1)
            text = f"{said}\n{section}\n{cite}" if section else composed.text()
            return Reply(ANSWER, text, (source.key,), hit.score,
                         sources=(*composed.source_texts, composed.citation, *([section] if section else [])),
                         derived=tuple(composed.derived_figures))
        # "(三(二)5)" after a task's sentence; a part of the document's own (二) would read as a heading
        place = "" if source.ref in (HEADER, PREAMBLE, ATTACHMENT) or "(" not in source.ref else f"({source.ref})"
        body = source.text if source.ref != HEADER else source.text.replace(";", "\n")
        # A part of the document is cited with its title: "出自哪一部分" is answered "二、目标任务".
        titled = source.key.startswith("doc:") and source.topic and source.topic != source.ref
        cite = f"依据:{self.library.cite_as} {source.ref}" + (f"、{source.topic}" if titled and "(" not in source.ref
                                                             else f" {source.topic}" if titled else "")
        return Reply(ANSWER, f"{body}{place}\n{cite}", (source.key,), hit.score, sources=(source.text, cite))

    def answer_from(self, key: str, question: str) -> Reply:
        """The answer from one source: the one the asker picked after "您问的是…还是…"."""
        source = self.sources[key]
        return self._from_source(source, question, Hit(key, 0.0, 1.0))

    def topic(self, key: str) -> str:
        source = self.sources.get(key)
        return source.topic if source else key


# What a question asks for, as a passage that says the plan lacks it would name it.
_ASKED_WORDS = ((_PERIOD, ("按月", "按年")), (_PAYDAY, ("按月", "按年")), (_MONEY, ("金额", "标准", "多少", "费用", "额度", "赔付")),
                (_AMOUNT, ("金额", "标准", "多少", "额度", "赔付")), (_DURATION, ("多长", "期限", "时间")),
                (_PAPERS, ("材料", "条件", "手续")), (_WHICH_GROUP, ("对应", "哪些家庭", "哪一档")),
                (_ADMISSION, ("入住", "条件")), (_INCREMENT, ("提高多少", "多少")))


def _silences(question: str, text: str) -> list[str]:
    """The passage's statements that the plan does not say what this question asks: "提高多少方案没有写"
    for "一事一议最多能多给多少"."""
    asked = {word for pattern, words in _ASKED_WORDS if pattern.search(question) for word in words}
    return [found.group(0).strip(" ,，") for found in _SILENCE.finditer(text)
            if any(word in found.group(0) for word in asked)]


_OUTLINE = re.compile(r"几条|哪几条|哪几个|几个|哪[二三四五六七八九十两几]条|各项标题|哪些|都是啥|都是什么|有啥|有什么|包括|分别是|各是啥|都有")
# "通过哪些渠道宣传": what a part says, not its parts.
_CONTENT_ASKED = re.compile(r"(?:哪些|有啥|有什么|哪几个|什么)(?!条|方面|要求|内容|部分|工作要求)([\u4e00-\u9fff]{1,2})")
_TOP_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_CHINESE_COUNT = {i: c for c, i in _TOP_NUMBERS.items()}
_FIGURES_ASKED = re.compile(r"[几三四两]个数|多少|标准|金额|额度|数[额字]")
_WHOLE_OUTLINE = re.compile(r"分(?:为|成)?(?:哪)?几(?:个|大)?部分|有几(?:个|大)?部分|哪几(?:个|大)?部分|几大块|几大部分|方案的?(?:整体|总体)?结构|结构上")
_PART_OF_A_TASK = re.compile(r"([一二三四]\([一二三四五]\)\d)的?第([一二])(?:块|部分|个|项|段)")
_NUMBERED_PART = {f"第{c}部分": c for c in "一二三四"}
_NEGATED_CLAUSE = re.compile(r"没有|没写|未写|只规定|不含|不包括|请咨询")
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fff]{2,8})[”\"]")


def reply_invents(reply: Reply) -> bool:
    """Whether an answer states a figure neither in the texts it was taken from nor computed from them."""
    stated = {f for source in reply.sources for f in policy_answer.figures(source)} | set(reply.derived)
    return any(f not in stated for f in policy_answer.figures(reply.text))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。;；!！?？])", text) if len(s.strip()) > 1]


def _split(question: str, retriever: Retriever, subjects: tuple[str, ...],
           heads: frozenset[str] = frozenset(), benefits: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The parts of a compound question, each able to stand alone, with the subject it is of where it
    was split by its subjects; the question itself if it is one.

    - one predicate over several subjects: "低保和特困现在各是多少", "俺妈吃低保 俺舅是特困 他俩一年
      各给多少" — a part per subject;
    - several clauses that ask: "储备金额度多少 几月份下拨" — a part per clause, what the question
      says before it kept in front of it, and a clause that names nothing of its own taking the
      subject of the one before; clauses that each ask only who / when / which department of one
      task ("养老院那个工程谁牵头 年底能完不") stay together: the task table answers them at once."""
    # "低保多少特困多少": one amount asked after another, each with its subject.
    if question.count("多少") > 1:
        question = re.sub(r"(多少(?:钱|元)?)(?=\s*(?:" + "|".join(map(re.escape, subjects)) + r")[^,，。?？多]{0,4}多少)",
                          r"\1 ", question)
    rewrite = retriever.analyzer.rewrite
    clauses = message_kind.clauses(question)
    asking = [c for c in clauses if _asks(c)]
    # "低保 特困 补差?": subjects named one after another, each asked how much it is
    bare = [rewrite(c.strip("?？ ")).strip() for c in clauses]
    named = next((n for n in range(len(bare), 0, -1) if all(b in heads or b in subjects for b in bare[:n])), 0)
    rest = " ".join(bare[named:])
    # …and "低保 特困 储备金 三个数一块给我": what is asked of them all, after them
    if named > 1 and (not rest or _FIGURES_ASKED.search(rest) and not any(h in rest for h in heads)):
        return [(f"{b}多少", b) for b in bare[:named]]
    refs = _TASK_REF.findall(question)
    if _EACH.search(question) and len(refs) > 1:  # "三(二)4和三(二)5 各是哪位领导": each task from the table
        predicate = _BOTH.sub("", question[question.rfind(refs[-1]) + len(refs[-1]):])
        return [(f"{ref}{predicate}", "") for ref in dict.fromkeys(refs)]
    if _EACH.search(question):
        joined = _COMPOUND_JOINS.split(question, maxsplit=1)
        if len(joined) == 2:  # 低保跟特困的标准各是多少: the subjects either side of the join
            right = min((t for t in subjects if t in rewrite(joined[1])), key=rewrite(joined[1]).find, default="")
            # 低保标准跟特困供养标准: 标准 is said of both, the subject on the left is 低保.
            shared = message_kind.clauses(_after(joined[1], right, rewrite) or " ")[0] if right else ""
            left = max((t for t in subjects if t in rewrite(joined[0]) and t not in rewrite(shared)),  # 补差新标准: 补差
                       key=lambda t: (t in heads, rewrite(joined[0]).rfind(t)), default="")
            # "低保 五保 还有那个补差 … 各是多少": more than one before the join
            more = sorted((h for h in heads if h in rewrite(joined[0]) and h != right), key=rewrite(joined[0]).find)
            named = ([*more, right] if len(more) > 1 else [left, right]) if left and right and left != right else []
            tail = _after(joined[1], right, rewrite) if named else ""
            while named and any(tail.startswith(t) for t in subjects if t):  # 特困供养标准: 供养 is 特困's
                tail = tail[max(len(t) for t in subjects if t and tail.startswith(t)):]
            # "低保标准和补差三档分别是多少": the left one said whole (低保标准), the words after the right one up to
            # what is asked (三档) are its own
            asked_at = _ASKED_OF_BOTH.search(tail) if named and rewrite(joined[0]).split(left, 1)[-1].strip() else None
            # (not "两项时限各是啥", "特困人员总数各是多少": what is asked of both)
            if asked_at and 0 < asked_at.start() <= _OWN_WORDS_AFTER and not _ASKED_OF.search(tail[:asked_at.start()]):
                tail = tail[asked_at.start():]
            # what is asked of both: the first clause after them, and any that ask (分别啥时候完成 谁负责)
            predicate = " ".join(c for n, c in enumerate(message_kind.clauses(tail or " ")) if n == 0 or _asks(c)) \
                if named else ""
            predicate = _BOTH.sub("", predicate)  # "村规民约和公墓两项 各是啥时候完成": 两项 is the pair
        else:  # 俺妈吃低保 俺舅是特困 他俩各给多少 / 低保特困现在各是多少: the subjects named before it
            said = " ".join(c for c in clauses if not _asks(c))
            before_each = _EACH.split(asking[-1], maxsplit=1)[0] if asking else ""
            # (…but "补差分几档各多少" is each of 补差's tiers, whatever the asker told of herself)
            own = any(h in rewrite(before_each) for h in heads)
            told = [t for t in subjects if t in rewrite(said)] if not own else []
            if len(told) > 2 and _TWO.search(question):  # "俺娘是特困,俺家想申请低保,这俩…": the two benefits, not 俺娘
                told = [t for t in told if t in benefits] or told
            named = told or [t for t in sorted(heads, key=rewrite(before_each).find) if t in rewrite(before_each)]
            named = [t for t in dict.fromkeys(named) if not any(t != o and t in o for o in named)]
            predicate = _PRONOUNS.sub("", asking[-1] if asking else question)
            if not told and named:  # 低保特困现在各是多少: what is asked of them follows the last
                predicate = _after(predicate, named[-1], rewrite) or predicate
        if len(named) >= 2:
            return [(f"{term}{predicate}", term) for term in named]
    if len(asking) < 2:
        # "听说低保今年提标了 是从多少提到多少 俺好跟奶奶说清楚": told after a question whose subject came
        # before it, a clause is an afterthought
        before = clauses[:clauses.index(asking[0])] if asking else []
        # ("低保 几号 发钱": a word or two typed after the question word is the rest of it)
        tail = [c for c in clauses[clauses.index(asking[0]) + 1:][:1] if len(c) <= 3] if asking else []
        if asking and retriever.knows("".join(before)):
            clauses = [*before, asking[0], *tail]
            question = " ".join(clauses)
        said = "".join(c for c in clauses if not _asks(c))
        resolved = _resolved(asking[0], said, rewrite, subjects) if asking and said else ""
        # "特困一年给多少 俺们村有个孤老头子是特困": what is told after a question that names its subject
        # is an afterthought, not what it asks about.
        if asking and not resolved and retriever.knows(_subject_of(asking[0])):
            question = " ".join(clauses[:clauses.index(asking[0]) + 1 + len(tail)])
            # "俺娘是五保户 那个 今年五保一年给多少钱": a question naming its subject needs no telling
            if _AMOUNT.search(asking[0]) and not any(w in question for w in _OUTSIDE_WORDS):  # "城镇户口…" is told
                told = max((h for h in benefits if h in rewrite(said)), key=rewrite(said).rfind, default="")
                # "俺是特困供养的 住敬老院 现在一年给俺多少钱": what the asker is, not where he lives
                told = next((h for h in benefits if re.search(rf"(?:俺|我|咱)(?:是|属于|吃)[^,，。?？]{{0,3}}{h}",
                                                              rewrite(said))), told)
                if any(h in rewrite(asking[0]) for h in heads):
                    question = asking[0]
                elif told and len(said) <= 10 and not re.search(r"了|的话|要是|如果|俺|我|咱|是", said) \
                        and not _KIN.search(said):
                    question = f"{said}{asking[0]}"  # "公益性公墓覆盖率,方案定的目标是多少": the subject, whole
                elif told and (_POINTING.match(asking[0]) or  # "这个标准现在按多少算": pointed back at
                               len(retriever.words(said) - retriever.words(told + asking[0])) < _MUCH_UNSAID):
                    question = f"{told}{asking[0]}"  # "俺妈要是算特困人员的话 现在一年能给多少钱": of the subject said last
        return [(resolved or question, "")]
    named_in = [{h for h in heads if h in words} for words in map(rewrite, asking)]
    each_its_own = all(named_in) and len(set().union(*named_in)) == len(asking)  # "低保提标谁管的 临时救助又是谁管"
    if all(task_queries.asks_of_a_task(c) for c in asking) and not each_its_own:
        return [(question, "")]
    parts, context, subject = [], "", ""
    for clause in clauses:
        if not _asks(clause):
            context += clause
            continue
        own = _subject_of(clause)
        # A clause naming no subject of its own asks of the one before it: "公墓覆盖率… 目标多少",
        # "底保今年涨到多少了 一年给多少钱", "留守儿童 困境儿童 排查用啥办法".
        # (储备金 of "…临时救助那项责任领导是谁,储备金额度多少": a subject of its own, though no topic's first word)
        own_words, before = rewrite(own), rewrite(subject or context)
        named = any(h in own_words for h in heads) or any(
            t in own_words and t not in before for t in filter(_is_thing, subjects))
        if retriever.knows(own) and (named or not (subject or any(h in rewrite(context) for h in heads))):
            # ("60岁以上老人的台账,除了老人还要登哪些人": the first question keeps the subject told before it)
            told = not parts and len(context) <= 16 and not _WHOSE.search(context) and any(
                h in rewrite(context) and h in rewrite(own) for h in heads)
            parts.append(f"{context} {clause}" if told else clause)
            subject = own
        elif subject:
            parts.append(f"{subject}{clause}")
        elif retriever.knows(context):
            # "孩子爷爷奶奶吃的是农村低保,今年标准涨了吗": of the benefit told, not of who gets it
            said = rewrite(context)
            told = [h for h in benefits if h in said]
            parts.append(f"{told[0]}{clause}" if len(told) == 1 and (_AMOUNT.search(clause) or "标准" in clause) and any(
                h in said for h in heads - benefits) else f"{context}{clause}")
    return [(part, "") for part in parts] or [(question, "")]


_NAMED_PAIR = re.compile(r"^\s*(?:(?:对比|比较|请问|问)(?:一下)?)?([^,，。?？\s和跟与及、]{2,12})(?:和|跟|与|及|、)([^,，。?？\s和跟与及、]{2,12}?)"
                         r"(?:这|那)?(?:两|俩)(?:块|项|个|件|样)?")
_TASK_REF = re.compile(r"[一二三四]\([一二三四五]\)\d(?:-\d)?")
_SENTENCES = re.compile(r"[?？。!！]\s*\S")  # more than one sentence, as typed
_ASKED_OF_BOTH = re.compile(r"分别|各|(?:现在|今年)?(?:是|为|有)?多少")
_OWN_WORDS_AFTER = 3
_ASKED_OF = re.compile(r"数|标准|金额|额度|时限|领导|股")
_OFFICE = re.compile(r"[办股局乡镇]$")  # who does the work, not what it is


def _is_thing(term: str) -> bool:
    """A subject a question may be about besides a topic's first word (储备金): no office, no short word."""
    return len(term) > 2 and not _OFFICE.search(term)
_BOTH = re.compile(r"^\s*(?:这|那)?(?:两|俩|二|几)(?:项|个|样|件|块)?")
_KIN = re.compile(r"爹|娘|妈|爸|爷|奶|姥|孩|娃|老头|老太|老汉|老两口")
_TWO = re.compile(r"这俩|那俩|他俩|她俩|两人|俩人|两个人|两样|这两个|那两个")
_EACH = re.compile(r"各是|各给|各有|各归|各由|各属|各多少|各(?:一年|一个月|每年|每月)(?:给|是|能给|能拿)?多少|各自|分别|对比|比较|他俩|她俩|两人|俩人|两个人|两样|两项各|都是从|又是哪")
_PRONOUNS = re.compile(r"他俩|她俩|他们|她们|两人|俩人|两个人|这俩|那俩")
_QUESTION_WORDS = re.compile(r"啥时候|什么时候|多少|几月份?|几号|哪天|谁|哪个|哪些|啥|什么|怎么|咋|吗|呢|不$|没$|能完|年底|"
                             r"(?:能|可以)?(?:多给|多补|多发|再给)")  # 临时救助能多给点不: of 临时救助


# "俺想问问", "我替我奶奶问下": saying one asks, before the question itself.
_ASKING_ABOUT_TO_ASK = re.compile(r"(?:问|打听|咨询|请教|想知道|想了解)(?:问|一?下|一声|个事|点事)?[啊呀哈]?$")  # "俺那老姐妹想知道"


# "爷爷问…", "我替我奶奶问下", "村里人想知道": who the question is asked for, before it.
# English words of a question typed between Chinese ones ("plan里的target是啥", "each方面叫啥"): the words
# that carry what is asked, read as the Chinese a question would use.
_ENGLISH = {"how much": "多少", "how many": "多少", "how long": "多久", "how often": "多久", "how does it work": "怎么做",
            "target": "目标", "targets": "目标", "goal": "目标", "goals": "目标", "purpose": "目的", "aim": "目的",
            "deadline": "时限", "deadlines": "时限", "leader": "领导", "leaders": "领导", "department": "股室",
            "standard": "标准", "who": "谁", "when": "什么时候", "what": "什么", "which": "哪个", "where": "哪里",
            "how": "怎么", "each": "各", "plan": "方案", "task": "任务", "tasks": "任务", "measures": "措施",
            "requirements": "要求", "attachment": "附件", "subsidy": "补贴", "money": "钱", "policy": "政策",
            "apply": "申请", "list": "列出", "per year": "一年", "per month": "一个月", "total": "一共"}
_ENGLISH_WORD = re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(map(re.escape, _ENGLISH), key=len, reverse=True))
                           + r")(?![A-Za-z])", re.IGNORECASE)


def _in_chinese(question: str) -> str:
    # ("…真的假的[裂开]": WeChat's stickers, written out in brackets, say nothing asked)
    return _ENGLISH_WORD.sub(lambda m: _ENGLISH[m.group().lower()], _STICKER.sub(" ", question))


_STICKER = re.compile(r"\[[\u4e00-\u9fffA-Za-z]{1,4}\]")


_RELAYED = re.compile(r"(?:(?:我|俺)(?:替|帮)?(?:我|俺)?)?家?(?:爷爷|奶奶|姥姥|姥爷|爸爸?|妈妈?|爹|娘|老人家?|老伴|婆婆|公公|"
                      r"大爷|大娘|村里人|村民|乡亲们?|老人们|老人家们?|大伙儿?|大家|群众|(?:群里)?有人|好多人|"
                      rf"老{policy_answer.SURNAME}|{policy_answer.SURNAME}(?:婶|叔|大爷|大娘|嫂|姨))(?:[让叫托](?:我|俺))?(?:问|想知道|想问|想了解)(?:一下|下|问)?"
                      # "奶奶说临时救助得先交材料…是这样吗", "奶奶腿不好 她问…": whom it is asked for, as they said it
                      r"|(?:爷爷|奶奶|姥姥|姥爷|老伴|婆婆|公公)说|(?<=[\s,，。])(?:她|他)(?:还)?问")


def _asks(clause: str) -> bool:
    return message_kind.is_question(_ASKING_ABOUT_TO_ASK.sub("", clause)) or bool(_ELLIPSIS_ASKED.search(clause))


_POINTING = re.compile(r"^(?:那么?|这)(?:个|种|项|些)?")
_ELLIPSIS = re.compile(r"^(?:那么?|那要是)?(.+?)的?呢[?？]?$")
# "那低保的呢", "特困呢" (after a question): asks, though no question word says so ("忙着呢" does not)
_ELLIPSIS_ASKED = re.compile(r"^那.{1,12}呢[?？]?$|^(?![^呢]*[着了在正])[\u4e00-\u9fff]{2,6}的?呢[?？]?$")


def _of_one(question: str, name: str, names: list[str]) -> str:
    """The question asked of `name` alone, where it names several to be asked of each."""
    for other in names:
        if other != name:
            question = re.sub(rf"[和跟与及、]?{re.escape(other)}", "", question)
    return _EACH.sub("", re.sub(rf"(?<={re.escape(name)})[和跟与及、]+", "", question))


def _meaning_asked(term: str, question: str) -> bool:
    """Whether the question asks what `term` is: "临时救助是啥", "啥叫临时救助" (not "临时救助的先行救助是啥意思")."""
    term = re.escape(term)
    return bool(re.search(rf"{term}(?:到底|究竟)?(?:是啥|是什么|啥意思|什么意思|指的是|指啥)|(?:啥叫|什么叫){term}", question))


def _resolved(clause: str, said: str, rewrite, subjects: tuple[str, ...]) -> str:
    """The asking clause with what it points back to put in, or "" when it points to nothing said:
    - "这个标准现在按多少算" after "…低于低保标准的还保留低保" → "低保标准现在按多少算";
    - "那低保的呢" after "一年6600那是特困的" → what was said of 特困, asked of 低保."""
    ellipsis = _ELLIPSIS.match(clause)
    asked = [t for t in subjects if ellipsis and t in rewrite(ellipsis.group(1))]
    before = max((t for t in subjects if t in rewrite(said) and t not in asked), key=rewrite(said).rfind, default="")
    if asked and before:
        told = rewrite(said).replace(before, f" {asked[0]} ")
        return re.sub(r"\d+(?:\.\d+)?", "", told) + ("多少" if re.search(r"\d", told) else "")
    pointing = _POINTING.match(clause)
    rest = clause[pointing.end():] if pointing else ""
    for size in range(min(4, len(rest)), 1, -1):
        at = said.rfind(rest[:size])
        term = max((t for t in subjects if rewrite(said[:at]).rstrip().endswith(t)), key=len, default="") \
            if at > 0 else ""
        if term:
            return f"{term}{rest}"
    return ""


def _after(text: str, term: str, rewrite) -> str:
    """What follows `term` in `text` as written, where `term` may be written as one of its variants
    (特困 written 五保户): the text from the first character the rewritten term no longer covers."""
    for end in range(1, len(text) + 1):
        if term in rewrite(text[:end]):
            # 特困人员供养标准: the variant 特困人员 goes on past where 特困 is first covered.
            covered = rewrite(text[:end]).strip()
            end = max(e for e in range(end, min(end + 4, len(text)) + 1) if rewrite(text[:e]).strip() == covered)
            return text[end:]
    return ""


def _subject_of(clause: str) -> str:
    """What a clause asks about: its words before the question words (储备金额度多少 → 储备金额度)."""
    found = _QUESTION_WORDS.search(clause)
    return clause[:found.start()] if found else clause


def _extends(fuller: str, text: str) -> bool:
    """Whether `fuller` is `text` with more said at the end of some lines."""
    lines, more = text.split("\n"), fuller.split("\n")
    return len(lines) == len(more) and all(m.startswith(line) for m, line in zip(more, lines))


def _combined(replies: list[Reply]) -> Reply:
    """One reply for a question's parts: the answers, with a line for each part the plan is silent on."""
    if len(replies) == 1:
        return replies[0]
    answered = [r for r in replies if r.kind == ANSWER]
    if not answered:  # the plan's silence on a part is the honest reply, before asking which was meant
        return next((r for r in replies if r.reason == PLAN_SILENT), None) or next(
            (r for r in replies if r.kind == CLARIFY), replies[0])
    if replies[-1].kind == DECLINE and replies[-1].reason == PLAN_SILENT:
        return replies[-1]  # "护理费另外给吗?一个月多少?": what it comes to asking, the plan does not say
    texts, keys, sources, at = [], [], [], {}
    for reply in replies:
        if reply.kind == ANSWER and reply.text in texts:
            continue  # "低保不还是四千五吗 咋听人说又涨了": one answer to both
        earlier = at.get(reply.keys)
        if reply.kind == ANSWER and earlier is not None and _extends(reply.text, texts[earlier]):
            texts[earlier] = reply.text  # "只有一位领导牵头的有哪些 分别是谁": the list, each with its leaders
            continue
        if reply.kind == ANSWER:
            at[reply.keys] = len(texts)
            texts.append(reply.text)
            keys += reply.keys
            sources += reply.sources
        else:
            texts.append("另一问方案里没有写明," + policy_answer.where_to_ask())
    return Reply(ANSWER, "\n\n".join(texts), tuple(dict.fromkeys(keys)), max(r.score for r in answered),
                 sources=tuple(sources), derived=tuple(f for r in answered for f in r.derived))
