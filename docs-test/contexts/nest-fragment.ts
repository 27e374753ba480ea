// Context of the Nest README's fragments: what a module file around them imports and declares.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { JourneysModule, type JourneysModuleOptions, type JourneysOptionsFactory } from '@journeykit/nestjs';

// Stands for a module of the app that provides and exports the options factory.
@Module({})
class SettingsModule {}
