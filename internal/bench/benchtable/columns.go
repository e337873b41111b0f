package main

import (
	"fmt"
	"io"
	"strconv"
)

// column is one column of a section's table: its header, and what a
// result shows in it. Each section lists its columns once, so that a
// header and its values cannot drift apart.
type column struct {
	head string
	cell func(r result) string
}

// param is the name parameter name as it is.
func param(name string) column {
	return column{name, func(r result) string { return r.param(name) }}
}

// whole is the name parameter name as a whole number.
func whole(name string) column {
	return column{name, func(r result) string { return strconv.Itoa(r.intParam(name)) }}
}

// metric is the metric name with prec decimals, under head.
func metric(head, name string, prec int) column {
	return column{head, func(r result) string { return num(r.metrics[name], prec) }}
}

// factor is a metric that is a ratio, shown with an x.
func factor(head, name string, prec int) column {
	return column{head, func(r result) string { return num(r.metrics[name], prec) + "x" }}
}

// allocMB is the bytes allocated per operation in MB, with prec decimals.
func allocMB(prec int) column {
	return column{"alloc MB", func(r result) string { return num(r.metrics["B/op"]/(1<<20), prec) }}
}

// fixed is a column whose cell is the same text in every row; blank is an
// empty one (a metric the row's benchmark does not measure).
func fixed(head, text string) column {
	return column{head, func(result) string { return text }}
}

func blank(head string) column { return fixed(head, "") }

// table writes the header row of cols and a row per result.
func table(w io.Writer, cols []column, rows []result) {
	header(w, cols)
	body(w, cols, rows)
}

func header(w io.Writer, cols []column) {
	for _, c := range cols {
		fmt.Fprint(w, c.head, "\t")
	}
	fmt.Fprintln(w)
}

func body(w io.Writer, cols []column, rows []result) {
	for _, r := range rows {
		for _, c := range cols {
			fmt.Fprint(w, c.cell(r), "\t")
		}
		fmt.Fprintln(w)
	}
}
