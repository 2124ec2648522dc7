// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';

base class SeatState extends SchemaRef {
  SeatState(super.handle);

  double get index => view['index'];
  double get team => view['team'];
  String get name => view.getString('name') ?? '';
  String get userId => view.getString('userId') ?? '';
  bool get occupied => view.getBool('occupied');
  bool get isBot => view.getBool('isBot');
  bool get botControlled => view.getBool('botControlled');
  bool get connected => view.getBool('connected');
  double get consecutiveTimeouts => view['consecutiveTimeouts'];
  double get handCount => view['handCount'];
  String get clientSeed => view.getString('clientSeed') ?? '';
  String get joinCode => view.getString('joinCode') ?? '';
}
