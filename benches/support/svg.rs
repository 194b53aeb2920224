//! A line chart as a hand-written SVG: no plotting dependency for one figure.

#![allow(dead_code)] // Each user takes the parts it needs.

use std::fmt::Write as _;

/// One panel: points (x, y) joined by a line, with the axes' titles.
pub struct Panel<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Each series: its name and points.
    pub series: Vec<(&'a str, Vec<(f64, f64)>)>,
}

const WIDTH: f64 = 380.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 44.0;
const TOP: f64 = 34.0;
const RIGHT: f64 = 16.0;
const COLORS: [&str; 4] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

/// A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|v| *v >= max).unwrap_or(10.0 * power)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Panels side by side, as an SVG document.
pub fn chart(panels: &[Panel<'_>]) -> String {
    let total_width = WIDTH * panels.len() as f64;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{total_width}" height="{HEIGHT}" viewBox="0 0 {total_width} {HEIGHT}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (p, panel) in panels.iter().enumerate() {
        let x0 = p as f64 * WIDTH;
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let points = panel.series.iter().flat_map(|(_, points)| points.iter());
        let (max_x, max_y) = points.fold((0f64, 0f64), |(mx, my), (x, y)| (mx.max(*x), my.max(*y)));
        let (max_x, max_y) = (nice_max(max_x), nice_max(max_y));
        let sx = |x: f64| x0 + LEFT + x / max_x * plot_w;
        let sy = |y: f64| TOP + plot_h - y / max_y * plot_h;
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="18" text-anchor="middle" font-size="13" font-weight="bold">{}</text>"#,
            x0 + WIDTH / 2.0,
            escape(panel.title)
        );
        // Axes, with five ticks each.
        let _ =
            writeln!(svg, r#"<path d="M{} {} V{} H{}" stroke="black" fill="none"/>"#, sx(0.0), TOP, sy(0.0), sx(max_x));
        for i in 0..=5 {
            let (vx, vy) = (max_x * f64::from(i) / 5.0, max_y * f64::from(i) / 5.0);
            let _ = writeln!(
                svg,
                r##"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#ddd"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text>"##,
                sx(vx),
                TOP,
                sy(0.0),
                sy(0.0) + 14.0,
                trim(vx)
            );
            let _ = writeln!(
                svg,
                r##"<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#ddd"/><text x="{3}" y="{4}" text-anchor="end">{5}</text>"##,
                sx(0.0),
                sy(vy),
                sx(max_x),
                sx(0.0) - 4.0,
                sy(vy) + 4.0,
                trim(vy)
            );
        }
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            x0 + LEFT + plot_w / 2.0,
            HEIGHT - 8.0,
            escape(panel.x_label)
        );
        let _ = writeln!(
            svg,
            r#"<text x="{0}" y="{1}" text-anchor="middle" transform="rotate(-90 {0} {1})">{2}</text>"#,
            x0 + 14.0,
            TOP + plot_h / 2.0,
            escape(panel.y_label)
        );
        for (s, (name, points)) in panel.series.iter().enumerate() {
            let color = COLORS[s % COLORS.len()];
            let path: Vec<String> = points.iter().map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y))).collect();
            let _ = writeln!(
                svg,
                r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
                path.join(" ")
            );
            for (x, y) in points {
                let _ = writeln!(svg, r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"/>"#, sx(*x), sy(*y));
            }
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{}" fill="{color}">{}</text>"#,
                x0 + LEFT + 8.0,
                TOP + 12.0 + 14.0 * s as f64,
                escape(name)
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}
