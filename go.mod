module github.com/funnel-analytics/funnel

go 1.26.8

require github.com/go-gota/gota v0.12.0

require (
	golang.org/x/net v0.62.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)
