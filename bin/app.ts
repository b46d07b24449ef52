/** The example app's entry (cdk.json "app"): synthesizes lib/app.ts. */
import { buildApp } from '../lib/app';

buildApp().synth();
