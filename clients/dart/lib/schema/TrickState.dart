// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';

final class TrickState extends SchemaRef {
  TrickState(super.handle);

  double get leader => view['leader'];
  String get cards => view.getString('cards') ?? '';
  double get winner => view['winner'];
  double get points => view['points'];
  bool get akka => view.getBool('akka');
}
