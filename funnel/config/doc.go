// Package config reads funnel's configuration file (funnel.yaml): where
// the inputs are, how their headers bind to roles, and how values are read.
// Flags given on the command line override it.
package config
