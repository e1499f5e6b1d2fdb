/**
 * CDK entry point (`cdk.json` runs it with tsx): reads the settings from context, builds
 * the three stacks and registers cdk-nag's AwsSolutions pack, so `cdk synth` fails on any
 * unacknowledged finding.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildMysfitsApp } from '../lib/app.js';
import { readSettings } from '../lib/settings.js';

const app = new App();
buildMysfitsApp(app, readSettings(app.node, process.env));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
