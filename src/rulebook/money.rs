//! Amounts of money in typed words ("50元代金券", "refund the 200 yuan", "¥1,360"), so a typed
//! offer is weighed against what would be fair exactly as an authored one is.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Feature, Judgement};

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:[¥￥$£€]|rmb|cny)\s*(?P<pre>\d[\d,]*(?:\.\d+)?)
        | (?P<num>\d[\d,]*(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)\s*
          (?:元|块钱|块|圆|rmb|yuan|kuai|dollars?|bucks|pounds?|quid|euros?)",
    )
    .expect("a fixed regex")
});

/// The amounts of money named in `text`, with where each was named.
pub fn amounts(text: &str) -> Vec<(f64, Range<usize>)> {
    AMOUNT
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.name("pre").or_else(|| c.name("num"))?;
            let whole = c.get(0)?.range();
            number(m.as_str()).map(|n| (n, whole))
        })
        .collect()
}

/// The money a reply offers: the amounts named in the sentences that offer something.
/// None when it offers nothing, or names no amount (the remedy it names is then the measure).
pub fn offered_amount_in(text: &str, judgement: &Judgement) -> Option<f64> {
    let offers: Vec<&Range<usize>> = judgement
        .hits
        .iter()
        .filter(|h| h.feature == Feature::Compensation)
        .map(|h| &h.span)
        .collect();
    if offers.is_empty() {
        return None;
    }
    let clause = |at: usize| {
        let is_end =
            |c: char| matches!(c, '，' | '。' | '；' | '！' | '？' | ',' | ';' | '!' | '?');
        let start = text[..at].rfind(is_end).map_or(0, |i| i + 1);
        let end = text[at..].find(is_end).map_or(text.len(), |i| at + i);
        start..end
    };
    let total: f64 = amounts(text)
        .into_iter()
        .filter(|(_, at)| {
            let here = clause(at.start);
            offers
                .iter()
                .any(|o| o.start < here.end && here.start < o.end.max(o.start + 1))
        })
        .map(|(n, _)| n)
        .sum();
    (total > 0.0).then_some(total)
}

/// A number in Arabic digits or Chinese numerals.
fn number(s: &str) -> Option<f64> {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return s.replace(',', "").parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as f64);
    let mut total = 0.0;
    let mut section = 0.0;
    let mut current = 0.0;
    for c in s.chars() {
        match c {
            '两' => current = 2.0,
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10.0,
                    '百' => 100.0,
                    _ => 1000.0,
                };
                section += if current == 0.0 { 1.0 } else { current } * unit;
                current = 0.0;
            }
            '万' => {
                total += (section + current) * 10_000.0;
                section = 0.0;
                current = 0.0;
            }
            c => current = digit(c)?,
        }
    }
    Some(total + section + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_digits_and_numerals() {
        let got: Vec<f64> = amounts("送您50元代金券，再退两百块，¥1,360 and 20 dollars")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(got, vec![50.0, 200.0, 1360.0, 20.0]);
        assert_eq!(number("三千五百"), Some(3500.0));
        assert_eq!(number("一万二千"), Some(12000.0));
        assert_eq!(number("十五"), Some(15.0));
    }
}
