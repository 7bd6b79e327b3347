//! Every word of the interface in Chinese and English, in one table, so the game and the
//! command line say the same thing and a language switch changes everything at once.
//!
//! A label may hold placeholders in braces (`{n}`); [`Label::fill`] puts values in.

use std::fmt::Display;

use crate::customer::Cause;
use crate::lang::{Lang, Text};
use crate::rulebook::{Act, Feature, PrincipleId};
use crate::scenario::{Grade, Mood, Outcome, Setting, Trait};

macro_rules! labels {
    ($($name:ident => $zh:literal, $en:literal;)*) => {
        /// A piece of interface text; its documentation is its English wording.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Label {
            $(#[doc = $en] $name,)*
        }

        impl Label {
            /// Every label, for checks over the whole table.
            pub const ALL: &[Label] = &[$(Label::$name),*];

            /// The label in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Label::$name, Lang::Zh) => $zh, (Label::$name, Lang::En) => $en,)*
                }
            }
        }
    };
}

labels! {
    AppName => "柜台练习", "Counterplay";
    Tagline => "投诉处理训练", "Practise handling complaints";
    TraineeName => "学员姓名", "Trainee name";
    GroupName => "班级/小组(可选)", "Class or group (optional)";
    NoVotes => "还没有人投票:按选项的数字键为它加一票", "No votes yet: press an option's number for each vote";
    VoteTie => "选项 {options} 票数相同:再加一票决定", "Options {options} are tied: add a deciding vote";
    RevealHint => "全班先读顾客的话;按空格显示回复选项", "Let the class read the line; press Space to show the replies";
    PlayVoteButton => "采用票数最多的回复 (Enter)", "Play the class's choice (Enter)";
    VotesSuffix => " 票", " votes";
    Paused => "暂停讨论 (P 继续)", "Paused for discussion (P to go on)";
    CoursePoints => "课程要点", "From the course";
    NoDiscussion => "这个场景没有讨论题。", "This scenario has no discussion questions.";
    ClassroomKeys => "空格 选项 · 1-9 投票(Shift 减票) · Enter 采用 · P 讨论 · N 数值 · Esc 离开", "Space replies · 1-9 vote (Shift −1) · Enter play · P discuss · N numbers · Esc leave";
    Start => "开始练习", "Start practising";
    History => "练习记录", "History";
    Settings => "设置", "Settings";
    Quit => "退出", "Quit";
    Language => "语言 · Language", "Language · 语言";
    LanguageName => "中文", "English";
    ScenariosLoaded => "已载入 {n} 个场景", "{n} scenarios loaded";
    FileErrors => "{n} 处错误:文件保存后会自动重新载入,出错的场景仍使用上一个正确的版本", "{n} errors: files reload when saved, and a broken scenario keeps its last good version";
    FileErrorsKeys => "F8 隐藏/显示详情", "F8 hide/show details";
    BadName => "姓名只能包含文字、数字、空格、- 或 _(1 到 64 个字，首尾不能是空格)", "A name may hold letters, digits, spaces, - or _ (1 to 64, no space at either end)";
    StoreUnavailable => "找不到保存记录的文件夹,本次练习不会被保存:{e}", "No folder to keep results in, so nothing will be saved: {e}";
    SetAside => "{n} 个无法读取的记录文件已移到 {dir}", "{n} unreadable result files were moved to {dir}";
    NotATrainee => "{path} 不是学员的文件夹，已跳过", "{path} is not a trainee's folder and was skipped";
    ResumeOffer => "上次的练习「{title}」还没有结束(已回复 {n} 句)。", "Your practice of “{title}” was left unfinished after {n} replies.";
    Resume => "继续上次的练习", "Resume it";
    Discard => "放弃", "Discard it";
    ResumeFailed => "无法继续上次的练习:{e}", "The unfinished practice cannot be resumed: {e}";
    ChooseScenario => "选择场景", "Choose a scenario";
    FilterSetting => "场所", "Setting";
    FilterTrait => "顾客类型", "Customer type";
    FilterDifficulty => "难度", "Difficulty";
    Any => "全部", "Any";
    Difficulty => "难度 {n}/5", "difficulty {n}/5";
    Best => "最高 {n} 分", "best {n}";
    Attempts => "练习 {n} 次", "attempts: {n}";
    NotTried => "未练习", "not tried yet";
    NoMatch => "没有符合筛选条件的场景", "No scenario matches these filters";
    Play => "开始", "Play";
    Back => "返回", "Back";
    Turn => "第 {n} 句 / 最多 {max} 句", "Reply {n} of at most {max}";
    Anger => "愤怒", "Anger";
    Trust => "信任", "Trust";
    Patience => "耐心", "Patience";
    TimeToReply => "回复时限 {s} 秒", "Reply within {s} s";
    TypeOwn => "或者输入你自己的话", "Or type your own words";
    Send => "说出来", "Say it";
    Conversation => "对话记录", "Conversation";
    You => "你", "You";
    Says => "{who}:{what}", "{who}: {what}";
    Leave => "离开(已自动保存)", "Leave (saved)";
    Map => "场景地图", "Scenario map";
    MapKeys => "↑↓ 选择节点 · 1-4 开始时的情绪 · Enter 从这里预览 · Esc 返回", "↑↓ choose node · 1-4 starting mood · Enter preview from here · Esc back";
    MapStart => "开始", "start";
    MapUnreachable => "无法到达", "unreachable";
    MapDeadEnd => "死路:没有回答也没有结局", "dead end: no replies and no outcome";
    MapNoWayToEnd => "从这里到不了任何结局", "no way to an end from here";
    MapEnds => "结局:{o}", "ends: {o}";
    MapLines => "顾客的话", "The customer says";
    MapReplies => "回答", "Replies";
    MapDefault => "默认", "otherwise";
    MapStartMood => "开始时顾客的情绪", "The customer's mood at the start";
    MapPreview => "从这里预览", "Preview from here";
    MapEndNoPreview => "这是结局,不能从这里预览", "This node ends the conversation; preview from a node with replies";
    MapLegend => "回答:绿 好 · 橙 一般 · 红 差 · 虚线 有条件", "Replies: green good · amber mediocre · red bad · dashed conditional";
    PreviewFrom => "预览:从「{node}」开始,顾客{mood}", "Preview from “{node}”, customer {mood}";
    PreviewNotKept => "预览不计入练习记录", "Previews are not kept in the history";
    FileChanged => "这个场景的文件已修改。按 F5 用新版本重新开始(同一位顾客)", "This scenario's file has changed. Press F5 to restart with the new version (same customer)";
    CounterKeys => "1-9 选择回答 · 空格 显示全文 · Tab 输入自己的话 · Esc 离开", "1-9 reply · Space show whole line · Tab type your own · Esc leave";
    Listening => "顾客还在说……", "The customer is still talking…";
    Calm => "平静", "calm";
    Annoyed => "不满", "annoyed";
    Angry => "生气", "angry";
    Furious => "暴怒", "furious";
    TraitNone => "普通顾客", "ordinary customer";
    TraitRepeat => "不厌其烦的投诉者", "repeat complainer";
    TraitOneToOne => "一对一的投诉者", "one-to-one complainer";
    TraitUnreasonable => "无理的投诉者", "unreasonable complainer";
    TraitRush => "要求快速处理的投诉者", "customer in a hurry";
    SettingBusinessHall => "营业厅", "business hall";
    SettingBankCounter => "银行柜台", "bank counter";
    SettingAirlineDesk => "航空柜台", "airline desk";
    SettingTravelAgency => "旅行社", "travel agency";
    SettingPhoneLine => "客服电话", "phone line";
    SettingShop => "商店", "shop";
    SettingHotelDesk => "酒店前台", "hotel desk";
    SettingRestaurant => "餐厅", "restaurant";
    Resolved => "问题解决", "resolved";
    Escalated => "投诉升级", "escalated";
    WalkedOut => "愤然离开", "walked out";
    GaveUp => "默默离开", "gave up and left";
    Referred => "转交仲裁", "referred to arbitration";
    Unresolved => "没有解决", "unresolved";
    NotFinished => "没有结束", "not finished";
    Quickly => "(迅速)", " (quickly)";
    Debrief => "复盘", "Debrief";
    Score => "得分", "Score";
    Passed => "通过", "passed";
    NotPassed => "未通过", "not passed";
    PassMark => "及格线 {n}", "pass mark {n}";
    CannotPass => "无论得分多少都不能通过:{b}", "cannot pass whatever the score: {b}";
    Hostile => "用了敌对的忌用语「{w}」", "the hostile phrase “{w}” was used";
    AgainstStrategy => "第 {n} 句「{move}」违背了应对这类顾客的策略。{why}", "reply {n} ({move}) goes against the strategy for this customer. {why}";
    Principles => "六大要诀", "The six principles";
    Strategy => "应对策略", "Customer strategy";
    OutcomePoints => "结果得分", "Outcome points";
    Judgement => "判断", "Judgement";
    CourseSays => "课程怎么看这次对话", "What the course says about this conversation";
    ReportMisread => "学员认为顾客误解了的话({n} 句;改正标注后可加入规则库的 examples.tsv):", "Typed replies trainees say were misread ({n}; correct the labels and add them to the rulebook's examples.tsv):";
    HeardWords => "顾客听到:{w}", "The customer heard: {w}";
    HeardNothing => "(没有听出课程里的做法)", "(nothing the course names)";
    HeardAct => "主要听成:{act}", "Heard mainly as: {act}";
    FollowedOption => "顾客按选项 {n} 的意思接话", "the customer took it as option {n}";
    StayedInPlace => "没有哪个选项是这个意思,顾客就您的原话作出反应", "no option says this, so the customer answered your own words";
    NearestOption => "最接近的选项 {n}({grade}):{text}", "Nearest option {n} ({grade}): {text}";
    MisreadCheck => "顾客误解了这句话(讲师会看到)", "The customer misread this (your instructor will see it)";
    MarkedMisread => "您标记了:顾客误解了这句话", "You marked this reply as misread";
    MisreadHint => "输入 ! 可标记上一句被顾客误解", "Type ! if the customer misread your last typed reply";
    MisreadTaken => "已记下:上一句被误解。讲师会看到它。", "Noted: the last typed reply was misread. Your instructor will see it.";
    MisreadNone => "还没有输入过自己的话", "There is no typed reply to mark yet";
    GradeGood => "好", "good";
    GradeMediocre => "一般", "mediocre";
    GradeBad => "差", "bad";
    ActProvoked => "冒犯(忌语、责怪、争辩或推诿)", "a provocation (banned words, blame, arguing, passing the buck)";
    ActOffer => "提出补偿", "an offer";
    ActPromise => "承诺了时间", "a promised time";
    ActAction => "马上行动或跟进", "action or a follow-up";
    ActExplanation => "解释原因", "an explanation";
    ActApology => "道歉", "an apology";
    ActFeeling => "体谅感受、倾听", "understanding or listening";
    ActQuestion => "反问顾客", "a question back";
    ActNothing => "没有听出什么", "nothing in particular";
    FiveMore => "五个多一点", "The five “a bit more”";
    BitDone => "做到了(第 {n} 句)", "done (reply {n})";
    BitMissed => "没做到", "not done";
    BitNotNeeded => "这次不需要", "not needed here";
    ThreeJustices => "三种公平(史密斯模型):互动公平 {i}% · 程序公平 {p}% · 结果公平 {o}%", "Three kinds of justice (Smith's model): interaction {i}% · procedure {p}% · outcome {o}%";
    CustomerWanted => "顾客想要", "The customer wanted";
    MotiveMet => "得到了", "got it";
    MotiveUnmet => "没得到", "did not get it";
    TooFewBest => "判断得分 {p},低于 {m}:多数回复不是课程针对这位顾客的最佳选择", "judgement {p} is below {m}: most replies were not the course's choice for this customer";
    Outcome => "结果:{o}", "Outcome: {o}";
    ReturnChance => "再次光顾的可能:约 {p}%(课程 000 的回头率表,按损失大小折算)", "Chance of coming back: about {p}% (course 000's return table, scaled by the size of the loss)";
    WordGood => "会向大约 {n} 人说好话(满意的顾客会告诉约 5 人,课程 001)", "Will tell about {n} people good things (satisfied customers tell about 5, course 001)";
    WordBad => "会向大约 {n} 人抱怨(不满的顾客会告诉 10-20 人,课程 002)", "Will tell about {n} people bad things (a dissatisfied customer tells 10-20, course 002)";
    ReplyByReply => "逐句点评", "Reply by reply";
    MoodOverTurns => "情绪变化", "Mood over the conversation";
    Why => "原因", "moved by";
    ScoreLine => "得分:{n}/100({verdict},{mark})", "Score: {n}/100 ({verdict}, {mark})";
    PlayHow => "输入选项编号,或直接输入你想说的话;q 退出。", "Type an option's number, or your own reply in words; q to stop.";
    NoOption => "没有这个选项:{n}", "there is no option {n}";
    Stopped => "(练习中途结束)", "(stopped before the end)";
    Alternative => "最值得改的一句:第 {turn} 句改选 {option}「{text}」,得分会是 {score}(+{gain})", "The change that gains most: at reply {turn}, option {option} “{text}” would have scored {score} (+{gain})";
    NoAlternative => "每一步都已是最好的选择。", "Every choice was already the best one.";
    NoSingleGain => "换掉任何一句回答都不会多得分。", "No single different reply would have scored more.";
    BetterNotTaken => "不过这几句有评级更好的回答没有选:", "But at these replies a better-graded option was not taken:";
    MissedOption => "第 {turn} 句:选项 {option}「{text}」", "Reply {turn}: option {option} “{text}”";
    NothingToCompare => "还没有回复,无从比较。", "No replies yet, so there is nothing to compare.";
    AuthorWhy => "点评:{w}", "Why: {w}";
    AllGroups => "全部学员", "everyone";
    ReportHeading => "班级报告:{group} · {n} 次练习 · {t} 名学员", "Class report: {group} · results: {n} · trainees: {t}";
    ReportByScenario => "各场景的平均分", "Average score by scenario";
    ReportScenarioLine => "平均 {avg} · 最高 {best} · 通过 {pass}% · {n} 次", "average {avg} · best {best} · passed {pass}% · {n} played";
    ReportOutcomes => "对话的结局", "How the conversations ended";
    ReportBanned => "说得最多的忌用语", "Banned phrases said most";
    ReportPrinciples => "最常违反的要诀(按回复次数)", "Principles broken most (replies)";
    ReportNone => "没有", "none";
    ClassVoted => "全班的选择", "How the class voted";
    ClassReply => "第 {turn} 句:共 {total} 票", "Reply {turn}: {total} votes";
    ClassOption => "[{option}] {votes} 票({share}%){played}「{text}」", "[{option}] {votes} ({share}%){played} “{text}”";
    ClassPlayed => " ← 采用", " ← played";
    ClassEffect => "愤怒 {anger}({mood}){more};之后都选好的回复:{score} 分", "anger {anger} ({mood}){more}; then the good replies: {score}";
    ClassEnds => ",对话会就此结束:{o}", ", and the conversation would end: {o}";
    ClassBanned => ",忌用语「{w}」", ", banned phrase “{w}”";
    ModelAnswer => "参考做法", "Model answer";
    Discussion => "讨论", "For discussion";
    ReplaySame => "同一位顾客再练一次", "Replay, same customer";
    NewSeed => "换一位顾客再练", "Try again, new customer";
    OtherScenarios => "其他场景", "Other scenarios";
    Saved => "已保存到练习记录", "Saved to your history";
    NotSaved => "没有保存:{e}", "Not saved: {e}";
    Banned => "忌用语「{w}」(严重度 {s})", "Banned phrase “{w}” (severity {s})";
    SayInstead => "可以这样说:{n}", "say instead: {n}";
    TooSoon => "过早使用{f}", "{f} too soon";
    LastResortTooSoon => "课程 000 只把仲裁或报警留给无理的投诉者,而且要等到别无他法时:先倾听、道歉、改正,登记在册并答复。还没走完这几步,或者拿它来吓唬顾客,就是把问题推出门外。", "Course 000 keeps arbitration or the police for the unreasonable complainer, and only when there is no other way: listen, apologise, put it right, log it and reply first. Reaching for it before those steps, or as a threat, pushes the problem out of the door.";
    DriftUp => "未弥补的损失让怒气回升", "the unremedied loss rekindles the anger";
    DriftDown => "情绪自己慢慢平复", "calming down on their own";
    NoProgress => "没有看到进展", "no progress seen";
    RefusedNamedPerson => "没见到点名要找的人", "refused the person asked for";
    ReRaise => "又提出新的不满", "raised another grievance";
    Hesitation => "回复太慢", "slow reply";
    LimitTop => "怒气已到顶", "anger already at its peak";
    LimitBottom => "怒气已经消尽", "no anger left to ease";
    Resistance => "气只能一点点消", "anger eases only step by step";
    SinkingIn => "前面的话慢慢起了作用", "earlier replies sinking in";
    PromiseBroken => "许诺的时间到了，问题还在", "the promised time passed, the problem is still there";
    FeatureListen => "倾听", "Listening";
    FeatureAcknowledge => "确认与认可", "Acknowledging";
    FeatureEmpathy => "共情", "Empathy";
    FeatureApology => "道歉", "Apology";
    FeatureExplanation => "说明原因与流程", "Explanation";
    FeatureAction => "立即行动", "Taking action";
    FeatureCommitment => "登记并答复", "Commitment";
    FeatureArbitraryPromise => "任意承诺时间", "Arbitrary promise";
    FeatureCompensation => "补偿", "Compensation";
    FeatureInitiative => "主动补救", "Initiative";
    FeatureEscalateTeam => "交专门部门处理", "Escalating to a team";
    FeaturePersonalOwner => "只认一个人", "Single personal contact";
    FeatureFirmReason => "有礼而坚定地说明原因", "Firm reason";
    FeatureLimitSetting => "平静地划清界限", "Setting a limit";
    FeatureThanks => "感谢", "Thanks";
    FeatureLastResort => "最后手段(仲裁、报警)", "Last resort";
    FeatureBanned => "忌用语", "Banned phrase";
    FeatureBlame => "责怪顾客", "Blaming the customer";
    FeatureInterrupt => "打断顾客", "Interrupting";
    FeatureArgue => "争辩", "Arguing";
    FeaturePassBuck => "推诿", "Passing the buck";
    PrincipleRestraint => "克制", "Restraint";
    PrincipleCourtesy => "礼貌", "Courtesy";
    PrincipleGuiding => "疏导", "Guiding";
    PrincipleSincerity => "真诚", "Sincerity";
    PrincipleTimeliness => "及时", "Timeliness";
    PrincipleResponsibility => "负责任", "Responsibility";
    ClosingResolved => "（语气缓和下来，满意地结束了这次沟通。）", "(Sounds satisfied now, and the conversation ends on good terms.)";
    ClosingEscalated => "（要求找上级，还说要去投诉、发到网上。）", "(Demands someone more senior, and threatens to complain and post about it online.)";
    ClosingWalkedOut => "（撂下一句“算了！”，怒气冲冲地结束了沟通。）", "(Snaps “Forget it!” and breaks off the conversation in anger.)";
    ClosingGaveUp => "（叹了口气，不再争了，默默结束了沟通。）", "(Sighs, stops arguing and quietly ends the conversation.)";
    ClosingReferred => "（记下了找第三方调解的途径，结束了沟通。）", "(Takes down how to go to a third party for mediation, and the conversation ends.)";
    ClosingUnresolved => "（没再多说，可问题并没有真正解决，这次沟通就这样不了了之。）", "(Says no more, but nothing is really settled; the conversation just peters out.)";
    NoTrainee => "没有学员登录", "no trainee signed in";
    HistoryOf => "{name} 的练习记录", "{name}'s history";
    NoResults => "还没有练习记录。", "No results yet.";
    ScoreTrend => "得分趋势", "Score trend";
    PerScenario => "各场景", "By scenario";
    Latest => "最近 {n} 分", "latest {n}";
    Seed => "种子 {n}", "seed {n}";
    UiScale => "界面大小", "Interface size";
    TypeOut => "逐字显示顾客的话", "Type out the customer's lines";
    Projector => "投影模式(课堂)", "Projector mode (classroom)";
    On => "开", "on";
    Off => "关", "off";
    TitleKeys => "Enter 开始 · H 记录 · S 设置 · L 语言 · Esc 退出", "Enter start · H history · S settings · L language · Esc quit";
    SelectKeys => "↑↓ 选择 · Enter 开始 · M 地图 · F1 场所 · F2 类型 · F3 难度 · Esc 返回", "↑↓ choose · Enter play · M map · F1 setting · F2 type · F3 difficulty · Esc back";
    DebriefKeys => "R 再练一次 · N 换一位顾客 · H 记录 · Enter 其他场景", "R replay · N new customer · H history · Enter other scenarios";
    BackKeys => "Esc 返回", "Esc back";
    HistoryKeys => "C 班级报告 · Esc 返回", "C class report · Esc back";
    ReportKeys => "G 切换班级 · Esc 返回", "G next group · Esc back";
    ClassReport => "班级报告", "Class report";
    FilterGroup => "班级", "Group";
    SettingsKeys => "L 语言 · +/- 界面大小 · T 逐字显示 · P 投影模式 · Esc 返回", "L language · +/- size · T type out · P projector · Esc back";
    LrsHeading => "学习记录库(LRS)", "Learning Record Store (LRS)";
    LrsAddress => "地址", "Address";
    LrsUser => "用户名", "User";
    LrsPassword => "密码", "Password";
    LrsPasswordKept => "(已保存;留空不变)", "(saved; leave empty to keep)";
    LrsSave => "保存并发送", "Save and send";
    LrsOff => "未设置:成绩只保存在本机", "Not set: results stay on this computer";
    LrsSending => "正在发送…", "Sending…";
    LrsState => "已发送 {sent} · 待发送 {waiting}", "sent {sent} · waiting {waiting}";
    LrsFailed => "上次发送失败:{why}", "Last attempt failed: {why}";
    LrsUnreachable => "连不上学习记录库,成绩在本机排队,每分钟重试", "the LRS cannot be reached; results wait here and are tried again every minute";
    LrsCredentials => "学习记录库拒绝了用户名或密码", "the LRS refused the user or password";
    LrsConflict => "学习记录库里已有一条不同的同号记录(机构地址改过?)", "the LRS holds a different statement under one of ours (was the organisation's IRI changed?)";
    LrsRefused => "学习记录库拒收了发送的内容", "the LRS refused what was sent";
    LrsServerError => "学习记录库一再出错,稍后重试", "the LRS kept failing; it is tried again later";
    LrsNoTitle => "有成绩找不到场景标题(场景文件不在了?)", "a result's scenario title is unknown (is its scenario file gone?)";
    LrsDataFolder => "读写数据文件夹出错", "the data folder could not be read or written";
}

impl Label {
    /// The label in `lang` with each `{key}` replaced by its value.
    pub fn fill(self, lang: Lang, values: &[(&str, &dyn Display)]) -> String {
        let mut out = self.get(lang).to_owned();
        for (key, value) in values {
            out = out.replace(&format!("{{{key}}}"), &value.to_string());
        }
        out
    }

    /// The label in both languages, for texts that are kept and shown later in either.
    pub fn text(self) -> Text {
        Text::new(self.get(Lang::Zh), self.get(Lang::En))
    }

    /// The name of what a reply mainly did, as the customer heard it.
    pub fn act(act: Act) -> Label {
        match act {
            Act::Provoked => Label::ActProvoked,
            Act::Offer => Label::ActOffer,
            Act::Promise => Label::ActPromise,
            Act::Action => Label::ActAction,
            Act::Explanation => Label::ActExplanation,
            Act::Apology => Label::ActApology,
            Act::Feeling => Label::ActFeeling,
            Act::Question => Label::ActQuestion,
            Act::Nothing => Label::ActNothing,
        }
    }

    /// The word for an author's grade.
    pub fn grade(grade: Grade) -> Label {
        match grade {
            Grade::Good => Label::GradeGood,
            Grade::Mediocre => Label::GradeMediocre,
            Grade::Bad => Label::GradeBad,
        }
    }

    /// The word for a mood.
    pub fn mood(mood: Mood) -> Label {
        match mood {
            Mood::Calm => Label::Calm,
            Mood::Annoyed => Label::Annoyed,
            Mood::Angry => Label::Angry,
            Mood::Furious => Label::Furious,
        }
    }

    /// The name of a difficult-customer type.
    pub fn r#trait(t: Trait) -> Label {
        match t {
            Trait::None => Label::TraitNone,
            Trait::Repeat => Label::TraitRepeat,
            Trait::OneToOne => Label::TraitOneToOne,
            Trait::Unreasonable => Label::TraitUnreasonable,
            Trait::Rush => Label::TraitRush,
        }
    }

    /// The short name of a setting.
    pub fn setting(s: Setting) -> Label {
        match s {
            Setting::BusinessHall => Label::SettingBusinessHall,
            Setting::BankCounter => Label::SettingBankCounter,
            Setting::AirlineDesk => Label::SettingAirlineDesk,
            Setting::TravelAgency => Label::SettingTravelAgency,
            Setting::PhoneLine => Label::SettingPhoneLine,
            Setting::Shop => Label::SettingShop,
            Setting::HotelDesk => Label::SettingHotelDesk,
            Setting::Restaurant => Label::SettingRestaurant,
        }
    }

    /// The name of an outcome.
    pub fn outcome(o: Outcome) -> Label {
        match o {
            Outcome::Resolved => Label::Resolved,
            Outcome::Escalated => Label::Escalated,
            Outcome::WalkedOut => Label::WalkedOut,
            Outcome::GaveUp => Label::GaveUp,
            Outcome::Referred => Label::Referred,
            Outcome::Unresolved => Label::Unresolved,
        }
    }

    /// The name of an outcome saved by its key (`resolved`, ...); anything else is a session
    /// that did not finish.
    pub fn outcome_named(key: &str) -> Label {
        Outcome::ALL
            .into_iter()
            .find(|o| o.key() == key)
            .map_or(Label::NotFinished, Label::outcome)
    }

    /// Why anger moved by `delta`. A reply feature is named by the rulebook first (see
    /// [`Label::feature`] for its fallback); drift and the limit read differently by direction,
    /// so the trainee is told what happened rather than the model's term.
    pub fn cause(c: Cause, delta: f64) -> Label {
        let up = delta > 0.0;
        match c {
            Cause::Feature(f) => Label::feature(f),
            Cause::Drift if up => Label::DriftUp,
            Cause::Drift => Label::DriftDown,
            Cause::NoProgress => Label::NoProgress,
            Cause::RefusedNamedPerson => Label::RefusedNamedPerson,
            Cause::ReRaise => Label::ReRaise,
            Cause::Hesitation => Label::Hesitation,
            // A positive cut is relief that had no anger left to ease.
            Cause::Limit if up => Label::LimitBottom,
            Cause::Limit => Label::LimitTop,
            Cause::PromiseBroken => Label::PromiseBroken,
            Cause::Resistance if up => Label::Resistance,
            Cause::Resistance => Label::SinkingIn,
        }
    }

    /// A reply feature's name, for a feature the rulebook does not name (banned phrases have no
    /// feature entry of their own there).
    pub fn feature(f: Feature) -> Label {
        match f {
            Feature::Listen => Label::FeatureListen,
            Feature::Acknowledge => Label::FeatureAcknowledge,
            Feature::Empathy => Label::FeatureEmpathy,
            Feature::Apology => Label::FeatureApology,
            Feature::Explanation => Label::FeatureExplanation,
            Feature::Action => Label::FeatureAction,
            Feature::Commitment => Label::FeatureCommitment,
            Feature::ArbitraryPromise => Label::FeatureArbitraryPromise,
            Feature::Compensation => Label::FeatureCompensation,
            Feature::Initiative => Label::FeatureInitiative,
            Feature::EscalateTeam => Label::FeatureEscalateTeam,
            Feature::PersonalOwner => Label::FeaturePersonalOwner,
            Feature::FirmReason => Label::FeatureFirmReason,
            Feature::LimitSetting => Label::FeatureLimitSetting,
            Feature::Thanks => Label::FeatureThanks,
            Feature::LastResort => Label::FeatureLastResort,
            Feature::Banned => Label::FeatureBanned,
            Feature::Blame => Label::FeatureBlame,
            Feature::Interrupt => Label::FeatureInterrupt,
            Feature::Argue => Label::FeatureArgue,
            Feature::PassBuck => Label::FeaturePassBuck,
        }
    }

    /// A principle's name, for a rulebook that leaves one out.
    pub fn principle(p: PrincipleId) -> Label {
        match p {
            PrincipleId::Restraint => Label::PrincipleRestraint,
            PrincipleId::Courtesy => Label::PrincipleCourtesy,
            PrincipleId::Guiding => Label::PrincipleGuiding,
            PrincipleId::Sincerity => Label::PrincipleSincerity,
            PrincipleId::Timeliness => Label::PrincipleTimeliness,
            PrincipleId::Responsibility => Label::PrincipleResponsibility,
        }
    }

    /// What the customer is seen doing at an ending no authored line fits, as a stage direction
    /// like the scenarios' own, so the last thing they say never contradicts how it ended.
    pub fn closing(o: Outcome) -> Label {
        match o {
            Outcome::Resolved => Label::ClosingResolved,
            Outcome::Escalated => Label::ClosingEscalated,
            Outcome::WalkedOut => Label::ClosingWalkedOut,
            Outcome::GaveUp => Label::ClosingGaveUp,
            Outcome::Referred => Label::ClosingReferred,
            Outcome::Unresolved => Label::ClosingUnresolved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(k, _)| k))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_label_is_written_in_both_languages_with_the_same_placeholders() {
        for label in Label::ALL {
            let (zh, en) = (label.get(Lang::Zh), label.get(Lang::En));
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{label:?}");
            assert_eq!(placeholders(zh), placeholders(en), "{label:?}");
        }
    }

    #[test]
    fn every_name_for_a_feature_principle_cause_or_ending_is_chinese_in_chinese() {
        use crate::customer::Cause;
        let mut names: Vec<Label> = Feature::ALL.iter().map(|f| Label::feature(*f)).collect();
        names.extend(PrincipleId::ALL.iter().map(|p| Label::principle(*p)));
        names.extend(Outcome::ALL.iter().map(|o| Label::closing(*o)));
        let causes = [
            Cause::Drift,
            Cause::NoProgress,
            Cause::RefusedNamedPerson,
            Cause::ReRaise,
            Cause::Hesitation,
            Cause::Limit,
            Cause::Resistance,
            Cause::PromiseBroken,
        ];
        for c in causes {
            names.extend([Label::cause(c, 0.1), Label::cause(c, -0.1)]);
        }
        for label in names {
            let zh = label.get(Lang::Zh);
            assert!(
                !zh.chars().any(|c| c.is_ascii_alphabetic()),
                "{label:?}: {zh}"
            );
        }
    }

    #[test]
    fn fill_puts_every_value_in_its_place() {
        let s = Label::Alternative.fill(
            Lang::En,
            &[
                ("turn", &2),
                ("option", &1),
                ("text", &"Sorry"),
                ("score", &95),
                ("gain", &40),
            ],
        );
        assert_eq!(
            s,
            "The change that gains most: at reply 2, option 1 “Sorry” would have scored 95 (+40)"
        );
    }
}
