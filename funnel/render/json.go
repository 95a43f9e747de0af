package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/funnel-analytics/funnel/funnel"
)

// jsonWriter writes JSON by hand so that object keys keep their order.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONWriter(w io.Writer) *jsonWriter {
	jw := &jsonWriter{w: bufio.NewWriter(w)}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	return jw
}

func (jw *jsonWriter) raw(s string) { jw.w.WriteString(s) }

// str writes s as a JSON string.
func (jw *jsonWriter) str(s string) {
	jw.buf.Reset()
	_ = jw.enc.Encode(s) // a string always encodes
	jw.w.Write(bytes.TrimSuffix(jw.buf.Bytes(), []byte("\n")))
}

// num writes v as a JSON number in full precision, null for NaN and Inf.
func (jw *jsonWriter) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		jw.raw("null")
		return
	}
	jw.raw(shortestFloat(v))
}

// value writes a meta value.
func (jw *jsonWriter) value(v any) {
	switch x := metaValue(v).(type) {
	case nil:
		jw.raw("null")
	case string:
		jw.str(x)
	case bool:
		jw.raw(strconv.FormatBool(x))
	case int64:
		jw.raw(strconv.FormatInt(x, 10))
	case float64:
		jw.num(x)
	case []string:
		jw.strings(x, "")
	}
}

// strings writes ss as an array, one element a line at indent when indent
// is set, on one line otherwise.
func (jw *jsonWriter) strings(ss []string, indent string) {
	if len(ss) == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[")
	for i, s := range ss {
		if i > 0 {
			jw.raw(",")
			if indent == "" {
				jw.raw(" ")
			}
		}
		if indent != "" {
			jw.raw("\n" + indent + "  ")
		}
		jw.str(s)
	}
	if indent != "" {
		jw.raw("\n" + indent)
	}
	jw.raw("]")
}

// cell writes row i of c.
func (jw *jsonWriter) cell(c *column, i int) {
	if c.na[i] {
		jw.raw("null")
		return
	}
	switch c.kind {
	case kindString:
		jw.str(c.strs[i])
	case kindInt:
		jw.raw(strconv.Itoa(c.ints[i]))
	case kindFloat:
		jw.num(c.floats[i])
	case kindBool:
		jw.raw(strconv.FormatBool(c.bools[i]))
	}
}

// writeJSON writes the report as one object:
//
//	{"command":..., "title":..., "meta":{...}, "tables":{name:[{col:val,...}]},
//	 "warnings":[...], "alerts":[...]}
//
// with keys in their report order, one table row a line. "title" is left
// out when empty and "alerts" when there are none; "warnings" is always an
// array.
func writeJSON(w io.Writer, r *funnel.Report, frames []frame) error {
	jw := newJSONWriter(w)
	jw.raw("{\n  \"command\": ")
	jw.str(r.Command)
	if r.Title != "" {
		jw.raw(",\n  \"title\": ")
		jw.str(r.Title)
	}
	jw.raw(",\n  \"meta\": {")
	for i, m := range r.Meta {
		if i > 0 {
			jw.raw(",")
		}
		jw.raw("\n    ")
		jw.str(m.Key)
		jw.raw(": ")
		jw.value(m.Value)
	}
	if len(r.Meta) > 0 {
		jw.raw("\n  ")
	}
	jw.raw("},\n  \"tables\": {")
	for k, fr := range frames {
		if k > 0 {
			jw.raw(",")
		}
		jw.raw("\n    ")
		jw.str(fr.name)
		jw.raw(": [")
		for i := range fr.rows {
			if i > 0 {
				jw.raw(",")
			}
			jw.raw("\n      {")
			for j := range fr.cols {
				if j > 0 {
					jw.raw(", ")
				}
				jw.str(fr.cols[j].name)
				jw.raw(": ")
				jw.cell(&fr.cols[j], i)
			}
			jw.raw("}")
		}
		if fr.rows > 0 {
			jw.raw("\n    ")
		}
		jw.raw("]")
	}
	if len(frames) > 0 {
		jw.raw("\n  ")
	}
	jw.raw("},\n  \"warnings\": ")
	jw.strings(r.Warnings, "  ")
	if len(r.Alerts) > 0 {
		jw.raw(",\n  \"alerts\": ")
		jw.strings(r.Alerts, "  ")
	}
	jw.raw("\n}\n")
	return jw.w.Flush()
}
