//! The shipped rulebook on true and false positives, in both languages.

use counterplay::lang::Lang;
use counterplay::rulebook::Feature;

use crate::matcher;

fn banned_ids(text: &str, lang: Option<Lang>) -> Vec<String> {
    matcher()
        .judge(text, lang)
        .banned
        .into_iter()
        .map(|b| b.id)
        .collect()
}

#[track_caller]
fn flags(text: &str) {
    assert!(
        !banned_ids(text, None).is_empty(),
        "expected a banned phrase in {text:?}"
    );
}

#[track_caller]
fn clean(text: &str) {
    let found = banned_ids(text, None);
    assert!(found.is_empty(), "{text:?} was flagged: {found:?}");
}

/// As typed: patterns and the learned model together, so a test also holds the model to it.
#[track_caller]
fn typed_flags(text: &str) {
    let found = matcher().judge_typed(text, None).banned;
    assert!(!found.is_empty(), "expected a banned phrase in {text:?}");
}

#[track_caller]
fn typed_clean(text: &str) {
    let found = matcher().judge_typed(text, None).banned;
    assert!(found.is_empty(), "{text:?} was flagged: {found:?}");
}

/// Typed, clean and not read as blame.
#[track_caller]
fn typed_clean_of_blame(text: &str) {
    typed_clean(text);
    let features = matcher().judge_typed(text, None).features;
    assert!(!features.has(Feature::Blame), "{text:?} read as blame");
}

#[track_caller]
fn shows(text: &str, feature: Feature) {
    let j = matcher().judge(text, None);
    assert!(
        j.features.has(feature),
        "{text:?} should show {feature:?}; found {:?}",
        j.features
    );
}

#[test]
fn the_course_examples_are_flagged() {
    flags("这是规定,我也没办法");
    flags("已经下班了,汇不了了");
    flags("我们帮不了你,明天再来吧");
    flags("不归我管,问我们领导去");
    flags("急啥,等等");
    flags("没有看见我忙吗?");
    flags("有意见簿,写去");
    flags("你懂不懂");
    flags("我不知道");
}

#[test]
fn the_rule_broken_is_reported() {
    let j = matcher().judge("这是规定,我也没办法", Some(Lang::Zh));
    let rule = j
        .banned
        .iter()
        .find(|b| b.matched == "这是规定")
        .expect("这是规定 is found");
    assert_eq!(rule.span, 0.."这是规定".len());
    assert!(matcher().rulebook().principle(rule.breaks).is_some());
    assert!(j.features.has(Feature::Banned));
}

#[test]
fn the_polite_explained_refusal_is_clean() {
    clean("非常抱歉,根据规定我不能为您办理这项业务,希望您能谅解");
    clean("非常抱歉，根据规定我不能为您办理这项业务（这是为了保障您的资金安全），希望您能谅解。");
    let j = matcher().judge(
        "非常抱歉,根据规定我不能为您办理…希望您能谅解",
        Some(Lang::Zh),
    );
    assert!(j.features.has(Feature::Apology));
}

#[test]
fn chinese_false_positives_are_avoided() {
    clean("我不知道您等了这么久,真是对不起");
    clean("您好,请问有什么可以帮您?");
    clean("换了是我也会着急,我现在就帮您查一下卡办到哪一步了");
    clean("公司有专门的部门和人负责,他更能有效解决问题");
    clean("谢谢您告诉我们,这能帮助我们改进");
}

#[test]
fn full_width_forms_are_folded() {
    // Full-width letters and punctuation match the same rules as ASCII.
    flags("Ｐｌｅａｓｅ ｃａｌｍ ｄｏｗｎ！");
    let j = matcher().judge("这是规定！", None);
    assert_eq!(j.banned[0].span, 0.."这是规定".len());
}

#[test]
fn english_phrases_are_flagged_case_insensitively() {
    flags("Please calm down.");
    flags("CALM DOWN, sir");
    flags("It's our policy.");
    flags("It’s our policy, sorry.");
    flags("There's nothing I can do.");
    flags("That's not my problem.");
    flags("You should have come earlier.");
}

#[test]
fn english_false_positives_are_avoided() {
    clean("I'm so sorry you've had to wait this long.");
    clean("Let me check with my team and get back to you shortly.");
    clean("What I can do right now is print the bill for you.");
    clean("Thank you for telling us; it helps us improve.");
    // Word boundaries: "calm" inside another word is not the phrase.
    clean("The becalmed downtown office reopens at nine.");
}

#[test]
fn language_filter_applies_only_that_languages_rules() {
    assert!(banned_ids("Please calm down", Some(Lang::Zh)).is_empty());
    assert!(!banned_ids("Please calm down", Some(Lang::En)).is_empty());
    assert!(banned_ids("这是规定", Some(Lang::En)).is_empty());
}

#[test]
fn good_practice_shows_its_features() {
    shows("非常抱歉让您久等了", Feature::Apology);
    shows("您慢慢说,我在听", Feature::Listen);
    shows("换了是我也会着急", Feature::Empathy);
    shows("我现在就帮您加急办理", Feature::Action);
    shows(
        "公司有专门的部门负责,他们更能有效解决",
        Feature::EscalateTeam,
    );
    shows("谢谢您告诉我们", Feature::Thanks);
    shows("I'm so sorry for the wait", Feature::Apology);
    shows("Thank you for telling us", Feature::Thanks);
    shows("以后有事直接找我", Feature::PersonalOwner);
}

#[test]
fn a_last_resort_is_a_threat_not_a_mention() {
    shows(
        "Keep this up and I'm calling the police!",
        Feature::LastResort,
    );
    shows("您再这样，我们只能报警了", Feature::LastResort);
    let j = matcher().judge(
        "It's waiting at the real-name check, where the police system compares your photo.",
        None,
    );
    assert!(!j.features.has(Feature::LastResort), "{:?}", j.features);
}

#[test]
fn spans_are_byte_ranges_into_the_original_text() {
    let text = "先生您好。这是规定";
    let j = matcher().judge(text, None);
    let b = &j.banned[0];
    assert_eq!(&text[b.span.clone()], b.matched);
    for h in &j.hits {
        assert_eq!(&text[h.span.clone()], h.matched);
    }
}

#[test]
fn typed_spellings_are_read_as_the_words_they_mean() {
    // Traditional characters, near-homophones, missing apostrophes, shouting and emoji.
    flags("這不歸我管");
    shows("真的很报歉😅", Feature::Apology);
    shows("SORY!!! my bad", Feature::Apology);
    flags("calm DOWN, ok?");
    // The span still points at what was typed.
    let typed = "這不歸我管";
    let j = matcher().judge(typed, None);
    assert_eq!(&typed[j.banned[0].span.clone()], "不歸我管");
}

#[test]
fn a_negated_move_is_not_made() {
    let j = matcher().judge("我没什么好道歉的", None);
    assert!(!j.features.has(Feature::Apology), "{:?}", j.features);
    let j = matcher().judge("I'm not blaming you at all", None);
    assert!(!j.features.has(Feature::Blame), "{:?}", j.features);
    shows("对不起，是我们没有及时通知您", Feature::Apology);
}

#[test]
fn sarcasm_and_rhetorical_hostility_are_banned_and_turn_kind_words() {
    let j = matcher().judge("是是是，都是我们的错，行了吧？", None);
    assert!(!j.is_clean());
    assert!(!j.features.has(Feature::Apology), "{:?}", j.features);
    flags("那你想怎么样？");
    flags("您还想要什么？");
    flags("Happy now?");
    // Placating is not sarcasm.
    clean("好好好，都是我们的错，您千万消消气。");
}

#[test]
fn typed_offers_and_promises_are_read() {
    let j = matcher().judge_typed("我给您送一张50元的代金券", None);
    assert!(j.features.has(Feature::Compensation), "{:?}", j.features);
    assert_eq!(
        counterplay::rulebook::offered_amount_in("我给您送一张50元的代金券", &j),
        Some(50.0)
    );
    for promise in [
        "五分钟肯定好",
        "within the hour, I promise",
        "5 mins tops!!",
    ] {
        shows(promise, Feature::ArbitraryPromise);
    }
    let j = matcher().judge("我已经登记了，尽量今天给您回复", None);
    assert!(j.features.has(Feature::Commitment), "{:?}", j.features);
    assert!(
        !j.features.has(Feature::ArbitraryPromise),
        "{:?}",
        j.features
    );
}

#[test]
fn the_examples_teach_what_the_patterns_miss_with_a_confidence() {
    let patterns = matcher().judge("先生，我这就把您的事当成头等大事来办", None);
    let typed = matcher().judge_typed("先生，我这就把您的事当成头等大事来办", None);
    // What the patterns find is kept (unless the examples are sure it is not said); a learned
    // finding says how sure it is.
    for h in &patterns.hits {
        assert!(typed.hits.contains(h), "{h:?}");
    }
    for h in typed.hits.iter().filter(|h| !patterns.hits.contains(h)) {
        let c = h.confidence.expect("a learned finding has a confidence");
        assert!((0.5..=1.0).contains(&c), "{h:?}");
    }
    // The same rulebook judges the same way.
    assert_eq!(
        typed,
        counterplay::rulebook::shipped_rulebook()
            .judge_typed("先生，我这就把您的事当成头等大事来办", None)
    );
}

#[test]
fn a_denied_phrase_is_not_said_and_its_better_form_is_not_the_phrase() {
    flags("明天再来吧");
    clean("我没让您明天再来，今天肯定给您办");
    clean("I'm not saying it's your fault, the form is confusing.");
    // "我不知道" followed by the action the course asks for instead.
    flags("我不知道");
    clean("我不知道，我马上帮您查");
    // A refusal with its alternative.
    flags("I can't refund it.");
    clean("I can't refund it, but I can give you store credit today.");
}

#[test]
fn a_provoking_move_is_banned_without_a_listed_phrase() {
    let j = matcher().judge("您这是操作不当导致的", None);
    assert!(j.features.has(Feature::Blame), "{:?}", j.features);
    let ids: Vec<&str> = j.banned.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, [counterplay::rulebook::PROVOKING_ID], "{j:?}");
    // Learned from the examples when no pattern says it.
    let j = matcher().judge_typed("you picked the size yourself", None);
    assert!(!j.is_clean(), "{j:?}");
    assert!(j.features.has(Feature::Blame), "{:?}", j.features);
}

#[test]
fn one_move_is_counted_once_and_the_examples_overrule_a_pattern_they_are_sure_of() {
    let j = matcher().judge("Let me get the duty manager for you.", None);
    assert!(j.features.has(Feature::EscalateTeam), "{:?}", j.features);
    assert!(!j.features.has(Feature::Action), "{:?}", j.features);
    // "refund" is a compensation pattern, but when a refund will arrive offers nothing.
    let text =
        "The refund goes back to the original card, and banks usually take 3 to 5 working days.";
    assert!(
        matcher()
            .judge(text, None)
            .features
            .has(Feature::Compensation)
    );
    let typed = matcher().judge_typed(text, None);
    assert!(
        !typed.features.has(Feature::Compensation),
        "{:?}",
        typed.features
    );
}

#[test]
fn an_exception_inside_a_longer_pattern_does_not_cancel_it() {
    // "what would you like" is an exception to the retorts; the medal is the retort itself.
    clean("What would you like for your replacement?");
    assert_eq!(
        banned_ids("What would you like, a medal?", Some(Lang::En)),
        ["en_rhetorical_retort"]
    );
}

#[test]
fn a_question_for_the_facts_is_not_taken_for_a_rhetorical_one() {
    // As typed: patterns and the learned model. Finding out what happened is the course's
    // first move; the model alone does not ban it.
    let banned = |text: &str| !matcher().judge_typed(text, None).banned.is_empty();
    for asks in [
        "Roughly what time did you place the order?",
        "What name is the prescription under?",
        "Do you remember the name of the staff member you spoke to?",
        "Were you given a reference number the last time you called?",
        "whats the booking ref?",
    ] {
        assert!(!banned(asks), "{asks:?} was flagged");
    }
    // Rhetorical questions are still what they are, by pattern or by the model.
    for retort in ["What do you want me to do?", "So what do you want then?"] {
        assert!(banned(retort), "{retort:?} was not flagged");
    }
}

#[test]
fn owning_an_interruption_or_a_rubbish_day_is_not_the_phrase() {
    clean("Sorry, I cut you off. Please, go on.");
    clean("tbh that's a rubbish experience, you paid for next day and got it four days late");
    clean("I want to fix this for you, but I can't do it while you're swearing at me.");
    flags("Let me stop you there, I've heard enough.");
    flags("That's rubbish, we never lost it.");
    flags("You're talking rubbish, the tracking says delivered.");
    clean("Ah that's rubbish, you came all the way here for the pool.");
    clean("Oh, that's rubbish, I'm sorry. Let me look at it now.");
    clean("What a rubbish end to your trip.");
}

#[test]
fn handing_over_in_person_owns_the_problem_sending_the_customer_on_does_not() {
    clean("This is one for our fraud team; I'll transfer you now and stay on the line.");
    clean("The other department deals with refunds, but I'll walk you over and introduce you.");
    clean("不归我管的事我也帮您问，我现在就打给他们。");
    flags("Not my problem, mate. Ask the manager.");
    flags("Not my department. I'll give you their number.");
    flags("That's the courier's problem, call them yourself.");
}

#[test]
fn leaving_a_review_or_a_bag_is_not_being_shown_the_door() {
    clean("You can leave a review, of course, but let me try to fix it first.");
    clean("You can leave your bag here while I check the stockroom.");
    flags("Don't like it? You can leave.");
    flags("You can leave.");
}

#[test]
fn naming_the_third_party_while_keeping_the_problem_is_not_passing_the_buck() {
    clean("The delay is at the customs office, not us, but I'll chase them today and ring you.");
    clean("That fee comes from the card network, not us, but we can refund our part of it now.");
    flags("That's the courier's problem, not ours.");
    flags("The warehouse lost it, not me, call them.");
}

#[test]
fn a_phrase_the_clerk_says_they_will_not_say_is_not_said() {
    // As typed, so the model cannot take the denied words for the phrase either.
    typed_clean("I'm not going to tell you to calm down, I'd be angry too.");
    typed_clean("You won't hear \"that's policy\" from me.");
    typed_clean("I won't make you go to another branch, I'll do it here.");
    typed_clean("I'd never say you should have read the small print.");
    typed_flags("Don't make me tell you to calm down again.");
    typed_flags("I'm not telling you again, it's not my department.");
}

#[test]
fn a_calm_limit_on_abuse_is_not_the_phrase_it_resembles() {
    clean("I do want to help, but I need you to lower your voice, there are children waiting.");
    clean(
        "Please stop calling my colleague names. I can sort this out with you if we keep it civil.",
    );
    clean("I've asked you twice to step back from the counter; I'd still rather help you.");
    clean("I'll sort your ticket, but please stop shouting and we'll get it done.");
    flags("Lower your voice.");
    flags("Please stop calling every day, it won't make it faster.");
    flags("As I told you, it takes ten days.");
}

#[test]
fn closing_time_with_what_will_still_be_done_is_the_better_answer() {
    clean(
        "We're closed to new transfers at five because the vault locks, but I'll finish yours now.",
    );
    flags("We're closed. Counter shut at half five.");
    flags("We're closing, come back tomorrow.");
}

#[test]
fn owning_the_failure_is_not_blame_however_like_it_it_looks() {
    // As typed: the model, having seen "you should have…" blame, reads "we should have told
    // you" as its like; the patterns read it as owning the failure, which overrules it.
    typed_clean_of_blame("We should have texted you when the engineer cancelled. That's on us.");
    typed_clean_of_blame("Honestly, I should have warned you the lift was out when you booked.");
    typed_clean_of_blame("No, you didn't miss a thing, the letter was never sent.");
    typed_clean_of_blame(
        "The van broke down at the depot; the driver should have rung you and didn't.",
    );
    // A restatement the clerk turns on the customer is still blame.
    let j = matcher().judge_typed(
        "You booked the cheapest fare, sir, so that was your choice.",
        None,
    );
    assert!(!j.banned.is_empty() && j.features.has(Feature::Blame));
}

#[test]
fn a_phrase_quoted_as_someone_elses_words_is_reported_not_said() {
    typed_clean(
        "My colleague said \"it's not my department\". Well, it's mine now, and I'm sorry.",
    );
    typed_clean(
        "Being told \"come back tomorrow\" after an hour's journey: I'm sorry, that was wrong.",
    );
    typed_clean("同事跟您说“不归我管”，这是我们的不对，我现在就帮您办。");
    // The clerk's own words, quoted or not, still count.
    flags("As I said, \"that's the policy\".");
    flags("I told you, it's not my department.");
}

#[test]
fn what_the_customer_was_owed_or_charged_for_is_not_blame() {
    typed_clean_of_blame("The timing was ours: you should have had it when you booked.");
    typed_clean_of_blame("I'm sorry you were billed for a data pack you didn't order.");
    typed_clean_of_blame(
        "It went to your old address instead of the one you entered at checkout. That's our system.",
    );
    typed_clean_of_blame("Was it just the fish, or was anything else wrong too?");
    flags("You should have had your ID with you.");
    flags("You entered the wrong PIN three times.");
}

#[test]
fn the_clerk_keeping_calm_or_asking_to_hear_is_not_telling_the_customer_to_calm_down() {
    clean("I'll stay calm and keep helping you, but I need you to stop swearing at my colleague.");
    clean("pls lower ur voice a bit so i can hear u properly, then we sort this together");
    // Chat spellings are read: "bc" gives the reason that redeems a refusal.
    clean("i cant do that bc the card is already printed");
    flags("i cant do that, the card is already printed");
    flags("Stay calm.");
    flags("Keep your voice down, please.");
}

#[test]
fn a_phrase_named_to_be_set_aside_is_not_said() {
    typed_clean(
        "Nobody's going to tell you \"that's not our department\" — I'll deal with this myself, now.",
    );
    typed_clean(
        "Nobody here is going to tell you to settle down; anyone would be angry after this.",
    );
    typed_clean("Rather than make you come back tomorrow, let me do the paperwork now.");
    flags("Come back tomorrow, we're closing.");
}

#[test]
fn a_rule_said_as_the_consequence_of_its_reason_is_redeemed_by_it() {
    // As typed: the examples teach that "discontinued" is a reason.
    typed_clean(
        "apologies, that package was discontinued last month so the system won't let you pick it",
    );
    typed_flags("Sorry, I can't do refunds. The system won't let me.");
    typed_flags("开场了就不能退，这是规定。");
}

#[test]
fn the_clerks_own_errand_or_a_charge_repeated_is_not_the_phrase_it_contains() {
    clean("My apologies — let me go and find out what's holding your card up.");
    clean("A colleague promised to cancel it, yet this month's bill charged you again?");
    clean("First thing, I'm blocking the card right now so it can't be used.");
    clean("You asked for help and were ignored — I apologise.");
    flags("Mr Zhou promised it, go and find Mr Zhou.");
    flags("You again? What is it this time?");
    flags("Nobody else has complained, so it can't be that loud.");
}

#[test]
fn brush_offs_typed_in_a_hurry_are_caught_beside_the_replies_they_resemble() {
    for brush_off in [
        "ok we get it, every single day the same story",
        "Can you give it a rest already?",
        "we're full. screaming at me wont help",
        "Go on then, ring 12315, see where it gets you.",
        "That's our way. Find another hotel.",
        "All this over ten yuan?",
    ] {
        flags(brush_off);
    }
    clean(
        "If you're still not satisfied, you're entitled to take this to the consumer hotline, 12315.",
    );
    clean("Sorry for all this, I'll sort it over the phone now.");
    clean("We've got proof of postage, so I'll open a claim for you.");
}

#[test]
fn a_question_asked_a_not_a_is_not_a_negation() {
    flags("对不起对不起，马上给您办，您能不能别催了？");
    clean("我不会让您再等了，马上给您办。");
}

#[test]
fn a_phrase_quoted_and_then_disowned_is_not_said() {
    typed_clean("刚才我那句\"这不是我的问题\"说得不对，事情出在我们这儿，就是我们的问题，对不起。");
    typed_clean("“系统不会错”这话我不会跟您说，系统也是人录的。我把扣费记录调出来，咱们一起对。");
    typed_clean("\"Not my department\" was the wrong thing to say. It's mine now, and I'm sorry.");
    typed_flags("这不是我的问题，您去问快递。");
}

#[test]
fn a_hold_message_read_to_an_upset_caller_is_a_stall_in_either_language() {
    flags("陈先生您稍候哈，您的来电对我们很重要，请继续等待～");
    flags("Your call is important to us, please continue to hold.");
    clean("请不要挂机，我这就帮您转到理赔组，把情况先跟他们说好。");
}

#[test]
fn handing_the_case_to_a_team_oneself_is_escalating() {
    shows(
        "ive filed it with our baggage team, claim ref BG1187, theyll contact u within 3 days",
        Feature::EscalateTeam,
    );
    shows(
        "putting u thru to the billing specialists now, ill stay on till they pick up",
        Feature::EscalateTeam,
    );
    shows(
        "I'm asking our parcel recovery team to take this on.",
        Feature::EscalateTeam,
    );
}
