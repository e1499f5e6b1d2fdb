#!/usr/bin/env node
// Launcher for the bundled CLI; `npm run build` produces dist/ (tsc) and dist/cli/ (the bundle).
import '../dist/cli/main.js';
