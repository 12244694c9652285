//! The report's front matter and imprint: the registration number at the foot of the cover, the
//! foreword's date and signature, the explanatory notes (일러두기), the list of tables and the
//! imprint page (판권면) that closes the consolidated report.
//!
//! Input: the report's meta ([`crate::model::ReportMeta`]: its `office` and `imprint`) and
//! taxonomy. Output: [`Flow`] items pushed onto the [`Composer`]'s flow.

use super::{body_style, Composer, Lang, REPORT_FILE};
use crate::model::{Kogl, Status};
use layout::{Align, Flow, ParaStyle, Span, CONTENT_W, MUTED};

use super::layout;

/// The anchor of the body's first page: the page numbered 1.
pub(super) const BODY_ANCHOR: &str = "overview";

impl Composer<'_> {
    /// The registration number at the foot of the cover, as Korean government reports print it.
    pub(super) fn cover_foot(&mut self) {
        let Some(no) = self.report.meta.imprint.registration_no.clone() else {
            return;
        };
        self.flow.push(Flow::Space(40.0));
        self.para(
            vec![
                Span::new("발간등록번호 ").color(MUTED),
                Span::new(no).bold(),
            ],
            ParaStyle {
                size: 10.0,
                align: Align::Left,
                ..body_style()
            },
        );
    }

    /// The foreword's date (the edition's publication date) and signature, set to the right.
    pub(super) fn foreword_signature(&mut self) {
        let m = &self.report.meta;
        let date = m.published.format("%Y년 %-m월 %-d일").to_string();
        let signer = [
            m.imprint.foreword_title.as_deref(),
            m.imprint.foreword_signatory.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("  ");
        let right = |size: f32| ParaStyle {
            size,
            indent: CONTENT_W * 0.55,
            align: Align::Left,
            space_after: 4.0,
            ..body_style()
        };
        self.flow.push(Flow::Space(18.0));
        self.text_para(&date, right(10.5));
        if !signer.is_empty() {
            let s = self.span(&signer).bold();
            self.para(vec![s], right(12.0));
        }
    }

    /// 일러두기: how to read an entry.
    pub(super) fn explanatory_notes(&mut self) {
        let r = self.report;
        self.current = REPORT_FILE.into();
        self.chapter("일러두기");
        self.heading(1, "일러두기", Some("notes".into()), Some(1), Some(1));
        let categories: Vec<&str> = r
            .taxonomy
            .categories
            .iter()
            .map(|t| t.ko.as_str())
            .collect();
        let items = [
            "이 보고서는 상대국을 가나다 순으로 한 장씩 싣는다. 각 장은 상대국의 개황과 교역 규모, 장벽 수를 정리한 요약 표로 시작하고, 이어서 장벽을 분야 순서대로 싣는다.".to_string(),
            format!(
                "장벽은 조치의 성격에 따라 다음 {}개 분야로 나눈다: {}.",
                categories.len(),
                categories.join(", ")
            ),
            format!(
                "장벽마다 제목 아래에 주요 사항 상자를 둔다. 상자에는 {}, 조치국, {}, {}, {}, HS 코드, {}와 {} 날짜 등이 실린다. {}의 날짜는 그 상황을 확인한 날이다.",
                "번호",
                self.strings.text(Lang::Ko, "category"),
                self.strings.text(Lang::Ko, "sector"),
                self.strings.text(Lang::Ko, "status"),
                self.strings.text(Lang::Ko, "first_reported"),
                self.strings.text(Lang::Ko, "last_updated"),
                self.strings.text(Lang::Ko, "status"),
            ),
            "날짜는 ‘2026년 3월 5일’처럼 적는다. 본문의 사실관계는 각 장벽의 최종 갱신일을 기준으로 하며, 그 뒤의 변동은 다음 판에 싣는다.".to_string(),
            "본문 아래의 ‘출처’에는 그 장벽의 근거가 된 공개 자료(법령, 관보, 세계무역기구 문서, 보도자료 등)를 적는다. 표 아래의 ‘자료:’는 그 표의 출처이다.".to_string(),
            "‘관련 장벽’과 본문의 ‘(n쪽 참조)’는 함께 읽을 장벽이 실린 쪽을 가리킨다. 앞부분(발간사, 일러두기, 목차)의 쪽 번호는 로마 숫자(i, ii …)로, 본문은 1쪽부터 매긴다.".to_string(),
            "표와 그림은 <표 1>, <그림 1>처럼 보고서 전체에 걸쳐 차례로 번호를 붙이고, 목차 뒤에 그 목록(표 목차, 그림 목차)을 싣는다. 개관의 그림은 누리집 첫 화면의 그래프와 같은 집계이다. 권말 부록에는 산업별 장벽 목록과 약어를 싣는다.".to_string(),
        ];
        for item in &items {
            self.text_para(
                item,
                ParaStyle {
                    indent: 16.0,
                    marker: Some("•".into()),
                    ..body_style()
                },
            );
        }
        self.heading(3, "진행 상황의 뜻", None, None, None);
        for s in Status::ALL {
            let spans = vec![
                Span::new(self.strings.label(Lang::Ko, s.id())).bold(),
                Span::new(format!(
                    " — {}",
                    self.strings.status_meaning(Lang::Ko, s.id())
                )),
            ];
            self.para(
                spans,
                ParaStyle {
                    indent: 16.0,
                    marker: Some("•".into()),
                    ..body_style()
                },
            );
        }
    }

    /// 표 목차: every numbered table, with its page.
    pub(super) fn list_of_tables(&mut self) {
        self.chapter("표 목차");
        self.heading(
            1,
            "표 목차",
            Some("list-of-tables".into()),
            Some(1),
            Some(1),
        );
        self.flow.push(Flow::Tables);
    }

    /// 판권면: the publication's particulars on a page of its own, at the end of the report.
    pub(super) fn imprint(&mut self) {
        let m = &self.report.meta;
        self.current = REPORT_FILE.into();
        self.chapter("");
        self.flow.push(Flow::Space(300.0));
        let title = self.span(&m.title).bold();
        self.para(
            vec![title],
            ParaStyle {
                size: 13.0,
                align: Align::Left,
                space_after: 12.0,
                ..body_style()
            },
        );
        let (o, i) = (&m.office, &m.imprint);
        let publisher = match &o.ministry {
            Some(ministry) if !m.publisher.starts_with(ministry.as_str()) => {
                format!("{ministry} {}", m.publisher)
            }
            _ => m.publisher.clone(),
        };
        let mut rows: Vec<(&str, String)> = vec![
            ("발행일", m.published.format("%Y년 %-m월 %-d일").to_string()),
            ("발행처", publisher),
        ];
        let optional = [
            ("주소", &o.address),
            ("전화", &o.phone),
            ("홈페이지", &o.homepage),
            ("인쇄처", &i.printer),
            ("발간등록번호", &i.registration_no),
            ("ISBN", &i.isbn),
            ("ISSN", &i.issn),
        ];
        for (k, v) in optional {
            if let Some(v) = v {
                rows.push((k, v.clone()));
            }
        }
        let grid = rows
            .into_iter()
            .map(|(k, v)| vec![vec![Span::new(k).bold()], vec![self.span(&v)]])
            .collect();
        self.flow.push(Flow::Rule);
        self.flow.push(Flow::Grid {
            rows: grid,
            size: 9.5,
        });
        self.flow.push(Flow::Rule);
        if let Some(k) = o.licence {
            self.text_para(
                &licence_text(k),
                ParaStyle {
                    size: 8.5,
                    ..body_style()
                },
            );
        }
    }
}

/// The 공공누리 type and what it lets readers do.
pub(super) fn licence_text(k: Kogl) -> String {
    let mut conditions = vec!["출처표시"];
    if !k.commercial() {
        conditions.push("상업적 이용금지");
    }
    if !k.changes() {
        conditions.push("변경금지");
    }
    let mut may = vec!["복제", "배포"];
    if k.changes() {
        may.push("변경(번역, 발췌, 재가공)");
    }
    let commercial = if k.commercial() {
        "상업적 목적을 포함하여"
    } else {
        "비상업적 목적에 한하여"
    };
    format!(
        "이 보고서는 공공누리 제{}유형({})에 따라 이용할 수 있습니다: 출처를 밝히면 {} {}할 수 있습니다.",
        k.number(),
        conditions.join("+"),
        commercial,
        may.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_conditions_follow_the_type() {
        let one = licence_text(Kogl::Type1);
        assert!(one.contains("제1유형(출처표시)"), "{one}");
        assert!(one.contains("상업적 목적을 포함하여") && one.contains("변경"));
        let four = licence_text(Kogl::Type4);
        assert!(
            four.contains("제4유형(출처표시+상업적 이용금지+변경금지)"),
            "{four}"
        );
        assert!(four.contains("비상업적 목적에 한하여") && !four.contains("변경("));
    }
}
