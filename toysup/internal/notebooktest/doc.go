// Package notebooktest holds tests only: it runs notebooks with widgets in a real browser (the classic Jupyter
// Notebook with the GoNB kernel, driven through headless Chromium by go-rod) and checks what the widgets draw.
package notebooktest
