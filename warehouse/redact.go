package warehouse

import (
	"net/url"
	"regexp"
	"strings"
)

// Masked replaces a password wherever a connection string is shown.
const Masked = "xxxxx"

// dsnPassword is the password of a key=value connection string: a bare
// word or a single-quoted value with backslash escapes (libpq's rules).
var dsnPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]*)`)

// Redact returns s, a database URL (postgres://user:secret@host/db?password=...)
// or a key=value connection string (host=h password=secret), with every
// password replaced by Masked: the one in the user information and any
// password parameter. Anything else in s is kept, so that errors still name
// the host, port, database and user.
func Redact(s string) string {
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && strings.Contains(s, "://") {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Masked)
		}
		q := u.Query()
		for k := range q {
			if strings.EqualFold(k, "password") {
				q[k] = []string{Masked}
			}
		}
		if len(q) > 0 {
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	return dsnPassword.ReplaceAllString(s, "${1}"+Masked)
}

// secrets returns the passwords written in the connection string s (as
// written and URL-decoded), for scrubbing text that may quote them.
func secrets(s string) []string {
	var out []string
	add := func(p string) {
		if p != "" && p != Masked {
			out = append(out, p)
			if esc := url.QueryEscape(p); esc != p {
				out = append(out, esc)
			}
			if esc := url.PathEscape(p); esc != p {
				out = append(out, esc)
			}
		}
	}
	if u, err := url.Parse(s); err == nil && strings.Contains(s, "://") {
		if p, ok := u.User.Password(); ok {
			add(p)
		}
		for k, vs := range u.Query() {
			if strings.EqualFold(k, "password") {
				for _, v := range vs {
					add(v)
				}
			}
		}
		return out
	}
	for _, m := range dsnPassword.FindAllStringSubmatch(s, -1) {
		add(strings.Trim(m[2], "'"))
	}
	return out
}

// scrub returns text with every password of the connection string conn
// masked: the text of a driver's error, which may quote it.
func scrub(text, conn string) string {
	for _, p := range secrets(conn) {
		text = strings.ReplaceAll(text, p, Masked)
	}
	return text
}
