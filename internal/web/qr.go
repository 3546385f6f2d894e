package web

import (
	"fmt"
	"html/template"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// matrixWriter keeps the QR code's modules (the library writes images;
// the page wants inline SVG, which scales sharply and needs no request).
type matrixWriter struct{ bits [][]bool }

func (m *matrixWriter) Write(mat qrcode.Matrix) error { m.bits = mat.Bitmap(); return nil }
func (m *matrixWriter) Close() error                  { return nil }

// qrSVG draws text as a QR code in inline SVG: one path of dark modules
// with a quiet zone of four, labelled for screen readers by label.
func qrSVG(text, label string) (template.HTML, error) {
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return "", err
	}
	var w matrixWriter
	if err := q.Save(&w); err != nil {
		return "", err
	}
	const quiet = 4
	n := len(w.bits) + 2*quiet
	var d strings.Builder
	for y, row := range w.bits {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	svg := fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, template.HTMLEscapeString(label), n, n, d.String())
	return template.HTML(svg), nil
}
